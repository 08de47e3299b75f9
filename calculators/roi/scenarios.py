"""The ROI scenarios: conservative, expected and optimistic, each a documented move of the risk
assumptions that :func:`calculators.roi.run` projects beside the inputs' own result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .inputs import CostLine, Metric, RoiInputs  # noqa: F401 - Metric: the doctests'


@dataclass(frozen=True)
class Scenario:
    """A documented move of the risk assumptions.

    ``risk_shift`` is added to every benefit's risk adjustment (metrics and stated benefits),
    ``cost_risk_shift`` to every cost risk adjustment: the calculator's and each cost line's own
    (a line without one follows the calculator's, so every cost moves alike; all kept within 0–1),
    and assumed attributions (given, or 1.0 by default) are multiplied by
    ``attribution_factor`` (kept within 0–1). A difference-in-differences
    change is measured, not assumed, so scenarios leave it alone.
    """

    id: str
    label: str
    description: str
    risk_shift: float
    cost_risk_shift: float
    attribution_factor: float

    def apply(self, inputs: RoiInputs) -> RoiInputs:
        """The inputs under this scenario.

        >>> m = Metric("Errors", "%", "quality", "lower_is_better", 5.0, 3.0, 1.0, 1.0, 0.5, None, 0.1)
        >>> inputs = RoiInputs(1, 0.1, (), (CostLine("Run", (1.0,)),), 0.05, (1.0,), (m,))
        >>> moved = SCENARIOS[0].apply(inputs)
        >>> moved.metrics[0].attribution, round(moved.metrics[0].risk_adjustment, 12), moved.cost_risk_adjustment
        (0.4, 0.2, 0.15000000000000002)
        >>> own = replace(inputs, one_off_costs=(CostLine("Build", (1.0,), 0.05),))  # a line's own 5%: 15%
        >>> round(SCENARIOS[0].apply(own).one_off_costs[0].risk_adjustment, 12)
        0.15
        """
        def clamp(value: float) -> float:
            return min(max(value, 0.0), 1.0)

        metrics = []
        for metric in inputs.metrics:
            attribution = metric.attribution
            if metric.control is None:
                attribution = clamp((1.0 if attribution is None else attribution) * self.attribution_factor)
                if metric.attribution is None and self.attribution_factor == 1.0:
                    attribution = None
            metrics.append(replace(metric, attribution=attribution, risk_adjustment=clamp(metric.risk_adjustment + self.risk_shift)))
        stated = tuple(
            replace(line, risk_adjustment=clamp(line.risk_adjustment + self.risk_shift)) for line in inputs.stated_benefits
        )
        def costs(lines: tuple[CostLine, ...]) -> tuple[CostLine, ...]:
            return tuple(
                line if line.risk_adjustment is None
                else replace(line, risk_adjustment=clamp(line.risk_adjustment + self.cost_risk_shift))
                for line in lines
            )

        return replace(
            inputs,
            metrics=tuple(metrics),
            stated_benefits=stated,
            one_off_costs=costs(inputs.one_off_costs),
            annual_costs=costs(inputs.annual_costs),
            cost_risk_adjustment=clamp(inputs.cost_risk_adjustment + self.cost_risk_shift),
        )

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "description": self.description,
            "shifts": {
                "risk_adjustment": self.risk_shift,
                "cost_risk_adjustment": self.cost_risk_shift,
                "attribution_factor": self.attribution_factor,
            },
        }


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("conservative", "Conservative",
             "Benefit and cost risk adjustments 10 points higher; assumed attribution 20% lower.", 0.10, 0.10, 0.8),
    Scenario("expected", "Expected", "The inputs as entered.", 0.0, 0.0, 1.0),
    Scenario("optimistic", "Optimistic",
             "Benefit and cost risk adjustments 10 points lower; assumed attribution 20% higher (at most 100%).",
             -0.10, -0.10, 1.2),
)
