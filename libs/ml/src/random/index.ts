export { mulberry32, randomInt, randomNormal, deriveSeed, type Rng } from './prng';
export { shuffleInPlace, permutation } from './shuffle';
