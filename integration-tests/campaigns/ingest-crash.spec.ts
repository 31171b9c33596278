/**
 * The standalone webhook ingest (bin/whatsapp-campaign-worker.js with WHATSAPP_INGEST_PORT) killed
 * with SIGKILL in the middle of a burst of signed status webhooks: every webhook it answered 200 is
 * applied once a new ingest starts (it recovers the stored receipts), whatever was in flight. Runs
 * the built plugin (`npm test` builds it first).
 */
import http from "node:http"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { databaseUrl, freePort, startWorker, stopAllWorkers, tailLog, uniqueDbName, type WorkerProcess } from "./helpers"
import { APP_SECRET, metaJson, sign, statusEvent } from "../helpers/webhooks"
import { until } from "../helpers/time"

jest.setTimeout(180_000)

const dbName = uniqueDbName("ingest-crash")
const EVENTS = 1500
const CONCURRENCY = 16

/** One POST over a fresh socket; resolves with the status code, or 0 when the ingest is gone. */
function postRaw(port: number, raw: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/hooks/whatsapp",
        method: "POST",
        agent: false,
        headers: { "content-type": "application/json", "x-hub-signature-256": sign(raw) },
      },
      (res) => {
        res.resume()
        res.on("end", () => resolve(res.statusCode ?? 0))
        res.on("error", () => resolve(0))
      }
    )
    req.on("error", () => resolve(0))
    req.end(raw)
  })
}

medusaIntegrationTestRunner({
  dbName,
  testSuite: ({ getContainer }) => {
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
    afterAll(stopAllWorkers)

    const ingestWorker = (name: string, port: number): WorkerProcess =>
      startWorker({
        name,
        databaseUrl: databaseUrl(dbName),
        sandboxUrl: "http://127.0.0.1:9", // nothing to send; a closed port
        standalone: true,
        env: {
          WHATSAPP_INGEST_PORT: String(port),
          WHATSAPP_INGEST_HOST: "127.0.0.1",
          WHATSAPP_APP_SECRET: APP_SECRET,
          WHATSAPP_VERIFY_TOKEN: "sandbox-verify",
          WHATSAPP_CAMPAIGN_SENDING: "0",
        },
      })

    it("kill -9 mid-burst loses no acked event", async () => {
      await pg().raw(
        `INSERT INTO whatsapp_message (id, idempotency_key, direction, wa_id, wamid, type, status)
         SELECT 'wamsg_k' || i, 'k:' || i, 'outbound', '66812345678', 'wamid.kill.' || i, 'template', 'accepted' FROM generate_series(1, ?) AS i`,
        [EVENTS]
      )
      const port = await freePort()
      const first = ingestWorker("ingest-1", port)
      await until(async () => (await postRaw(port, "{}")) === 422 || !first.running(), { timeout: 60_000, what: "the ingest answering" })
      expect(first.running()).toBe(true)

      const acked: number[] = []
      let next = 1
      let killed = false
      const client = async () => {
        for (let i = next++; i <= EVENTS; i = next++) {
          const code = await postRaw(port, metaJson(statusEvent(`wamid.kill.${i}`, "delivered")))
          if (code === 200) acked.push(i)
          if (!killed && acked.length >= EVENTS / 3) {
            killed = true
            await first.kill9()
          }
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, client))
      expect(killed).toBe(true)
      // Some were refused (the port closed), some acked before the kill: both happened.
      expect(acked.length).toBeGreaterThanOrEqual(EVENTS / 3)
      expect(acked.length).toBeLessThan(EVENTS)

      const second = ingestWorker("ingest-2", port)
      try {
        await until(
          async () => {
            const { rows } = await pg().raw(`SELECT count(*)::int AS n FROM whatsapp_message WHERE wamid = ANY(?::text[]) AND status = 'delivered'`, [
              acked.map((i) => `wamid.kill.${i}`),
            ])
            return rows[0].n === acked.length
          },
          { timeout: 60_000, what: "every acked status applied after the restart" }
        )
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${tailLog(second)}`)
      }
      const { rows } = await pg().raw(`SELECT status, count(*)::int AS n FROM whatsapp_webhook_receipt GROUP BY 1`)
      const by = Object.fromEntries(rows.map((r: any) => [r.status, r.n]))
      expect(by.pending ?? 0).toBe(0)
      expect(by.failed ?? 0).toBe(0)
      // A SIGTERM during start waits for the start, then stops cleanly (main() installs its handlers first).
      await second.stop(10_000)
      expect(await second.exited).toEqual({ code: 0, signal: null })
    })
  },
})
