// Short SQL against a running Postgres (setup steps, not the app's own queries).
"use strict"

function pgClient(conn) {
  const { Client } = require("@medusajs/framework/pg")
  return new Client(typeof conn === "string" ? { connectionString: conn } : conn)
}

/** Creates database db on pg ({ host, port, user, password }): true when it did, false when it existed. */
async function ensureDatabase(pg, db) {
  const client = pgClient({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: "postgres" })
  await client.connect()
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [db])
    if (rowCount) return false
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(db)}`)
    return true
  } finally {
    await client.end()
  }
}

/** Rows of one query, on one short-lived connection. */
async function queryDb(url, sql, params = []) {
  const client = pgClient(url)
  await client.connect()
  try {
    return (await client.query(sql, params)).rows
  } finally {
    await client.end()
  }
}

module.exports = { ensureDatabase, queryDb }
