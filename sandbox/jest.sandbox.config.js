// Runs only the sandbox suites, without the Postgres global setup the other integration tests need:
//   NODE_OPTIONS=--experimental-vm-modules npx jest -c sandbox/jest.sandbox.config.js
const path = require("node:path")
const base = require("../jest.config.js")

module.exports = {
  ...base,
  rootDir: path.join(__dirname, ".."),
  testMatch: ["**/integration-tests/sandbox/**/*.spec.[jt]s"],
  globalSetup: undefined,
  globalTeardown: undefined,
}
