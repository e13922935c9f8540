module.exports = { ...require('../../jest.preset.cjs'), displayName: 'recommendation', rootDir: __dirname };
