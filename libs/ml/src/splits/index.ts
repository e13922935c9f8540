export { type Fold } from './fold';
export { kFold, type ShuffleOptions } from './k-fold';
export { stratifiedKFold } from './stratified-k-fold';
export { groupKFold } from './group-k-fold';
export { timeSeriesSplit, type TimeSeriesSplitOptions } from './time-series-split';
