export {
  TabularPreprocessor,
  DEFAULT_MAX_CATEGORIES,
  OTHER_CATEGORY,
  MISSING_SUFFIX,
  type TabularPreprocessorJSON,
  type TabularPreprocessorFitOptions,
  type FeatureEncoding,
  type NumericEncoding,
  type BooleanEncoding,
  type CategoricalEncoding,
  type TimestampEncoding,
  type Standardisation,
  type Matrix,
} from './tabular-preprocessor';
export { DATE_PARTS, type DatePart } from './date-parts';
export { median, meanAndStd } from './statistics';
