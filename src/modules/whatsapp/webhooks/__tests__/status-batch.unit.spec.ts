import fc from "fast-check"
import { foldStatuses, lookupKeys, type IncomingStatus, type MessageRow } from "../status-batch"
import { receiptVerdict, statusesOnly, MAX_RECEIPT_ATTEMPTS } from "../receipts"
import { applyStatus, type MessageStatus } from "../../domain/status"

const st = (receiptId: string, id: string, status: string, ts: number, extra: Record<string, unknown> = {}): IncomingStatus => ({
  receiptId,
  status: { id, status, timestamp: String(ts), recipient_id: "66812345678", ...extra } as any,
})

describe("foldStatuses", () => {
  const rows: MessageRow[] = [
    { id: "m1", status: "accepted", wamid: "wamid.1", contact_id: "c1" },
    { id: "m2", status: "accepted", wamid: null, contact_id: "c2" },
  ]

  it("writes each message once, keeping the highest status and the first time of each", () => {
    const out = foldStatuses([st("r1", "wamid.1", "read", 300), st("r2", "wamid.1", "delivered", 200), st("r3", "wamid.1", "sent", 100)], rows)
    expect(out.updates).toHaveLength(1)
    expect(out.updates[0]).toMatchObject({ id: "m1", status: "read", read_at: new Date(300_000).toISOString(), delivered_at: new Date(200_000).toISOString() })
    // Only the read changed the status; delivered and sent arrived after it (out of order).
    expect(out.events.map((e) => e.data.status)).toEqual(["read"])
  })

  it("finds a message by our callback data when Meta's wamid is not recorded yet, and records the wamid", () => {
    const cb = JSON.stringify({ m: "m2" })
    const out = foldStatuses([st("r1", "wamid.2", "sent", 100, { biz_opaque_callback_data: cb })], rows)
    expect(out.updates[0]).toMatchObject({ id: "m2", status: "sent", wamid: "wamid.2" })
    expect(lookupKeys([st("r1", "wamid.2", "sent", 100, { biz_opaque_callback_data: cb })])).toEqual({ wamids: ["wamid.2"], ids: ["m2"] })
  })

  it("counts statuses for unknown messages per receipt, and turns 131050 into a revocation", () => {
    const out = foldStatuses(
      [st("r1", "wamid.x", "sent", 100), st("r1", "wamid.y", "sent", 100), st("r2", "wamid.1", "failed", 150, { errors: [{ code: 131050, title: "stop" }] })],
      rows
    )
    expect(out.unmatched.get("r1")).toBe(2)
    expect(out.revocations).toEqual([{ receiptId: "r2", contactId: "c1", at: new Date(150_000) }])
    expect(out.updates[0]).toMatchObject({ status: "failed", error_code: 131050, error_title: "stop" })
  })

  it("gives the same status as applying the statuses one by one, in any order", () => {
    const statuses: MessageStatus[] = ["sent", "delivered", "read", "failed"]
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...statuses), { maxLength: 12 }), (seq) => {
        const out = foldStatuses(
          seq.map((s, i) => st(`r${i}`, "wamid.1", s, 100 + i)),
          rows
        )
        let expected: MessageStatus = "accepted"
        let changes = 0
        for (const s of seq) {
          const next = applyStatus(expected, s)
          expected = next.status
          if (next.changed) changes++
        }
        expect(out.updates[0]?.status ?? "accepted").toBe(expected)
        expect(out.events).toHaveLength(changes)
      })
    )
  })
})

describe("receipt verdicts", () => {
  it("retries unknown messages with a backoff, then gives up as processed with the reason", () => {
    const retry = receiptVerdict("r", 1, [], 2, 0)
    expect(retry).toMatchObject({ status: "pending", last_error: "2 status(es) for unknown messages" })
    expect(retry.next_attempt_at!.getTime()).toBeGreaterThan(0)
    const last = receiptVerdict("r", MAX_RECEIPT_ATTEMPTS, [{ path: "x", kind: "rejected", reason: "bad" }], 2, 0)
    expect(last).toMatchObject({ status: "processed", next_attempt_at: null })
    expect(last.last_error).toBe("2 status(es) for unknown messages, given up; 1 item(s) rejected: bad")
  })

  it("takes the set-based path only for webhooks that carry nothing but statuses", () => {
    const value = (v: object) => ({ object: "whatsapp_business_account", entry: [{ id: "w", changes: [{ field: "messages", value: v }] }] }) as any
    expect(
      statusesOnly(
        value({
          statuses: [
            { id: "a", status: "read", timestamp: "1" },
            { id: "b", status: "accepted" },
          ],
        })
      )
    ).toHaveLength(1)
    expect(statusesOnly(value({ messages: [{ id: "m" }], statuses: [] }))).toBeNull()
    expect(statusesOnly({ object: "x", entry: [{ id: "w", changes: [{ field: "user_preferences", value: {} }] }] } as any)).toBeNull()
  })
})
