/**
 * Our message statuses: "pending" (row created, not yet accepted by the API), "accepted" (the API
 * returned a wamid), then what status webhooks report: "sent", "delivered", "read", "failed".
 *
 * The ranks are a total order and applyStatus keeps the highest, so the result is the same whatever
 * order or number of times webhooks arrive (Meta delivers at least once, out of order, e.g. read
 * before delivered). "failed" ranks above the optimistic states (pending/accepted/sent) and below
 * "delivered"/"read": a message the user received was delivered, whatever a failure report says,
 * and a failure is final unless Meta later confirms delivery. A retry is a new send, not a status
 * transition: keep the row "pending" while retrying and mark it "failed" only on giving up.
 */
export type MessageStatus = "pending" | "accepted" | "sent" | "delivered" | "read" | "failed"

export const STATUS_RANK: Readonly<Record<MessageStatus, number>> = Object.freeze({
  pending: 0,
  accepted: 1,
  sent: 2,
  failed: 3,
  delivered: 4,
  read: 5,
})

export function isMessageStatus(value: unknown): value is MessageStatus {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(STATUS_RANK, value)
}

export function applyStatus(current: MessageStatus, incoming: MessageStatus): { status: MessageStatus; changed: boolean } {
  // Webhook input is untrusted at run time: an unknown status ("deleted", "warning") changes nothing.
  if (!isMessageStatus(incoming) || STATUS_RANK[incoming] <= STATUS_RANK[current]) {
    return { status: current, changed: false }
  }
  return { status: incoming, changed: true }
}
