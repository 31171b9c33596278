const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const TEST_TYPE = process.env.TEST_TYPE ?? "all"
const unit = ["**/src/**/__tests__/**/*.unit.spec.[jt]s", "**/sandbox/**/__tests__/**/*.unit.spec.[jt]s"]
const integration = ["**/integration-tests/**/*.spec.[jt]s"]

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": ["@swc/jest", { jsc: { parser: { syntax: "typescript", decorators: true, tsx: true }, target: "es2021" } }],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/"],
  testMatch: TEST_TYPE === "unit" ? unit : TEST_TYPE === "integration" ? integration : [...unit, ...integration],
  // Only integration tests need Postgres; unit runs stay instant.
  globalSetup: TEST_TYPE === "unit" ? undefined : "<rootDir>/integration-tests/helpers/global-setup.js",
  globalTeardown: TEST_TYPE === "unit" ? undefined : "<rootDir>/integration-tests/helpers/global-teardown.js",
  setupFiles: ["<rootDir>/integration-tests/setup.js"],
  testTimeout: 120000,
}
