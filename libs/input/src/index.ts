export { describeIssues } from './input-issues.ts';
export {
  checkFlag,
  delayRangeOption,
  isoDateOption,
  keyValueOption,
  numberOption,
  oneOf,
  oneOfOption,
  optionValue,
  parseOptionValues,
  portOption,
  positiveNumberOption,
  retiredOption,
  wholeNumberOption,
} from './option-values.ts';
export {
  envBoolean,
  EnvError,
  envInteger,
  envNotAbove,
  envOneOf,
  envValue,
  parseEnv,
} from './env-values.ts';
