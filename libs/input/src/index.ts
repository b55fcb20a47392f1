export { describeIssues } from './input-issues.ts';
export {
  isoDateOption,
  keyValueOption,
  oneOf,
  oneOfOption,
  optionValue,
  parseOptionValues,
  portOption,
  positiveNumberOption,
  wholeNumberOption,
} from './option-values.ts';
