module.exports = { ...require('../../jest.preset.cjs'), displayName: 'prediction-serving', rootDir: __dirname };
