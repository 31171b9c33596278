// HTTP load generation over loopback with a keep-alive agent: a closed loop (fixed concurrency,
// as fast as the server answers) and an open, paced loop (fixed arrival rate; latency counted from
// each request's scheduled time, so a server that falls behind is not flattered).
"use strict"
const http = require("node:http")
const { performance } = require("node:perf_hooks")

const REQUEST_TIMEOUT_MS = 30_000

function makeAgent(maxSockets) {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: "fifo" })
}

/** One POST; resolves { status, body } (never rejects: errors come back as status 0). */
function post(agent, url, { body, signature }) {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": body.length,
          "x-hub-signature-256": signature,
          "user-agent": "facebookexternalua",
        },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks = []
        res.on("data", (c) => chunks.push(c))
        res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }))
        res.on("error", (e) => resolve({ status: 0, body: e.message }))
      }
    )
    req.on("timeout", () => req.destroy(new Error("request timed out")))
    req.on("error", (e) => resolve({ status: 0, body: e.message }))
    req.end(body)
  })
}

function tally(result, r) {
  result.statuses[r.status] = (result.statuses[r.status] ?? 0) + 1
  if (r.status !== 200 && result.errors.length < 5) result.errors.push(`${r.status}: ${r.body.slice(0, 200)}`)
  if (r.body.includes('"duplicate":true')) result.duplicates++
}

/** `requests` POSTs, `concurrency` at a time. Latency = send → full response, in ms. */
async function closedLoop({ url, requests, concurrency }) {
  const agent = makeAgent(concurrency)
  const latencies = new Float64Array(requests.length)
  const result = { statuses: {}, errors: [], duplicates: 0 }
  let next = 0
  const t0 = performance.now()
  const worker = async () => {
    while (next < requests.length) {
      const i = next++
      const start = performance.now()
      const r = await post(agent, url, requests[i])
      latencies[i] = performance.now() - start
      tally(result, r)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const elapsedMs = performance.now() - t0
  agent.destroy()
  return { ...result, latencies, elapsedMs, rate: (requests.length / elapsedMs) * 1000 }
}

/**
 * POSTs at `rate` per second for as many requests as given (rate × seconds), each sent at its
 * scheduled time however many are still outstanding (up to the agent's socket cap, then queued).
 * Latency = scheduled time → full response (`latencies`), and send → response (`serviceLatencies`).
 */
async function pacedLoop({ url, requests, rate, maxSockets = 256 }) {
  const agent = makeAgent(maxSockets)
  const n = requests.length
  const latencies = new Float64Array(n)
  const serviceLatencies = new Float64Array(n)
  const result = { statuses: {}, errors: [], duplicates: 0 }
  const interval = 1000 / rate
  const pending = []
  let lateStarts = 0
  const t0 = performance.now() + 20
  let sent = 0
  while (sent < n) {
    const now = performance.now()
    while (sent < n && t0 + sent * interval <= now) {
      const i = sent++
      const scheduled = t0 + i * interval
      const start = performance.now()
      if (start - scheduled > 5) lateStarts++
      pending.push(
        post(agent, url, requests[i]).then((r) => {
          const end = performance.now()
          latencies[i] = end - scheduled
          serviceLatencies[i] = end - start
          tally(result, r)
        })
      )
    }
    await new Promise((r) => setTimeout(r, 1))
  }
  await Promise.all(pending)
  const elapsedMs = performance.now() - t0
  agent.destroy()
  return { ...result, latencies, serviceLatencies, elapsedMs, rate: (n / elapsedMs) * 1000, lateStarts }
}

module.exports = { closedLoop, pacedLoop, post, makeAgent }
