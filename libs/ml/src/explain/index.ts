export { treeShap, type ShapValues, type TreeShapOptions } from './tree-shap';
export { kernelShap, type KernelShapOptions } from './kernel-shap';
export { permutationImportance, type PermutationImportance, type PermutationImportanceOptions } from './permutation-importance';
export { type PredictFn, type RowMatrix } from './predict-fn';
