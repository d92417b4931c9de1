/** The `sample` block of a sample report in the JSON contract's key order (report.ts, ReportSample). */
import type { ReportSample } from '../report';

export const orderSample = (value: ReportSample): ReportSample => ({
  seed: value.seed,
  size: value.size,
  options: { stratify: value.options.stratify ?? null, include: [...value.options.include] },
  populationSha256: value.populationSha256,
  population: value.population,
  selected: value.selected,
  rule: value.rule,
  strata: value.strata.map(({ name, population, included, drawn }) => ({ name, population, included, drawn })),
});
