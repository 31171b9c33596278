// Baseline for bench/webhook.js: the least an HTTP endpoint can do — read the whole body, answer
// 200 with a small JSON. Run as its own process (like the Medusa app) on loopback.
"use strict"
const http = require("node:http")

const port = Number(process.env.BARE_PORT || 9101)
const server = http.createServer((req, res) => {
  const chunks = []
  req.on("data", (c) => chunks.push(c))
  req.on("end", () => {
    const body = Buffer.concat(chunks)
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" })
    res.end(`{"received":true,"bytes":${body.length}}`)
  })
})
server.keepAliveTimeout = 65_000
server.listen(port, "127.0.0.1", () => console.log(`bare server on http://127.0.0.1:${port}`))
const stop = () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
}
process.once("SIGTERM", stop)
process.once("SIGINT", stop)
