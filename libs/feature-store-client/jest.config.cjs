module.exports = { ...require('../../jest.preset.cjs'), displayName: 'feature-store-client', rootDir: __dirname };
