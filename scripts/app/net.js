// Waiting on ports and HTTP endpoints.
"use strict"
const net = require("net")
const { sleep } = require("./util")

/** Whether a TCP port can be bound on host. */
function portFree(port, host = "0.0.0.0") {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once("error", () => resolve(false))
    srv.listen(port, host, () => srv.close(() => resolve(true)))
  })
}

/** Polls url until ok(res); resolves with that Response. Gives up after timeoutMs or once alive() is false. */
async function waitForHttp(url, { timeoutMs = 120_000, intervalMs = 500, ok = (r) => r.status === 200, alive: isAlive = () => true } = {}) {
  const deadline = Date.now() + timeoutMs
  let last = "no answer"
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`gave up waiting for ${url}: the process exited`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "manual" })
      if (ok(res)) return res
      last = `HTTP ${res.status}`
      await res.arrayBuffer().catch(() => {})
    } catch (e) {
      last = e.cause?.code ?? e.message
    }
    await sleep(intervalMs)
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s (last: ${last})`)
}

module.exports = { portFree, waitForHttp }
