import { applyStatus, isMessageStatus, STATUS_RANK, type MessageStatus } from "../status"

const ALL: MessageStatus[] = ["pending", "accepted", "sent", "delivered", "read", "failed"]

// EXPECTED[current][incoming] = resulting status
const EXPECTED: Record<MessageStatus, Record<MessageStatus, MessageStatus>> = {
  pending: { pending: "pending", accepted: "accepted", sent: "sent", delivered: "delivered", read: "read", failed: "failed" },
  accepted: { pending: "accepted", accepted: "accepted", sent: "sent", delivered: "delivered", read: "read", failed: "failed" },
  sent: { pending: "sent", accepted: "sent", sent: "sent", delivered: "delivered", read: "read", failed: "failed" },
  delivered: { pending: "delivered", accepted: "delivered", sent: "delivered", delivered: "delivered", read: "read", failed: "delivered" },
  read: { pending: "read", accepted: "read", sent: "read", delivered: "read", read: "read", failed: "read" },
  failed: { pending: "failed", accepted: "failed", sent: "failed", delivered: "delivered", read: "read", failed: "failed" },
}

describe("applyStatus", () => {
  const matrix = ALL.flatMap((current) => ALL.map((incoming) => [current, incoming, EXPECTED[current][incoming]] as const))

  it.each(matrix)("%s + %s → %s", (current, incoming, expected) => {
    expect(applyStatus(current, incoming)).toEqual({ status: expected, changed: expected !== current })
  })

  it("never moves backwards along the happy path", () => {
    expect(applyStatus("read", "delivered")).toEqual({ status: "read", changed: false })
    expect(applyStatus("delivered", "sent")).toEqual({ status: "delivered", changed: false })
  })

  it("is idempotent: a duplicate webhook changes nothing", () => {
    for (const status of ALL) {
      expect(applyStatus(status, status).changed).toBe(false)
    }
  })

  it("converges whatever order the webhooks arrive in", () => {
    const events: MessageStatus[][] = [
      ["sent", "delivered", "read"],
      ["read", "sent", "delivered"],
      ["delivered", "read", "sent", "read"],
      ["sent", "failed"],
      ["failed", "sent"],
      ["failed", "delivered"],
      ["delivered", "failed"],
    ]
    const fold = (list: MessageStatus[]) => list.reduce<MessageStatus>((s, next) => applyStatus(s, next).status, "accepted")
    for (const list of events) {
      const reversed = fold([...list].reverse())
      expect(fold(list)).toBe(reversed)
    }
    expect(fold(["read", "sent", "delivered"])).toBe("read")
    expect(fold(["failed", "sent"])).toBe("failed")
    expect(fold(["delivered", "failed"])).toBe("delivered")
  })

  it("ignores statuses we do not track (e.g. webhook 'deleted')", () => {
    expect(applyStatus("sent", "deleted" as MessageStatus)).toEqual({ status: "sent", changed: false })
    expect(applyStatus("sent", "toString" as MessageStatus)).toEqual({ status: "sent", changed: false })
  })
})

describe("STATUS_RANK / isMessageStatus", () => {
  it("ranks failed between sent and delivered", () => {
    expect(STATUS_RANK.sent).toBeLessThan(STATUS_RANK.failed)
    expect(STATUS_RANK.failed).toBeLessThan(STATUS_RANK.delivered)
    expect(new Set(Object.values(STATUS_RANK)).size).toBe(ALL.length)
    expect(Object.isFrozen(STATUS_RANK)).toBe(true)
  })

  it("recognises only our statuses", () => {
    for (const status of ALL) {
      expect(isMessageStatus(status)).toBe(true)
    }
    for (const value of ["deleted", "warning", "READ", "", "constructor", undefined, 3]) {
      expect(isMessageStatus(value)).toBe(false)
    }
  })
})
