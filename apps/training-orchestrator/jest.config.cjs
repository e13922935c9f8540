module.exports = { ...require('../../jest.preset.cjs'), displayName: 'training-orchestrator', rootDir: __dirname };
