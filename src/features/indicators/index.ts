// What other features and the app use of the effect follow-up: the import of
// an indicator file, the effect section (data, chart) for a kommun and a
// period, and the statistics' names. Other code imports indicators only from here.
export {
  type ChangeEstimate,
  type EffectComparison,
  type EffectIndicator,
  type EffectSection,
  effectSection,
  type Measure,
  type Verdict,
} from "./effect.js";
export { formatIndicatorErrors, type IndicatorCsvError } from "./indicatorCsv.js";
export { type IndicatorImport, importIndicatorText } from "./importIndicators.js";
export { effectView } from "./effectView.js";
export { citizenChangeSentences, effectSummaryLine } from "./summary.js";
