module.exports = async function globalTeardown() {
  await globalThis.__WA_PG__?.stop()
}
