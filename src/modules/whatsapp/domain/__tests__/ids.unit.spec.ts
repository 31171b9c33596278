import { generateEntityId } from "@medusajs/framework/utils"
import { entityId } from "../ids"

describe("entityId", () => {
  it("has Medusa's shape: prefix_ + 26 Crockford base-32 characters", () => {
    const ours = entityId("wamsg")
    const medusa = generateEntityId(undefined, "wamsg")
    expect(ours).toMatch(/^wamsg_[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(ours).toHaveLength(medusa.length)
  })

  it("encodes the time like a ULID, so ids sort by creation", () => {
    const t = Date.UTC(2026, 10, 25, 12, 0, 0)
    // The 10-character time prefix the ulid package (Medusa's ids) gives that millisecond.
    expect(entityId("x", t).slice(2, 12)).toBe("01M8997DG0")
    expect(entityId("x", t) < entityId("x", t + 1)).toBe(true)
    expect(entityId("x", t + 1).slice(2, 12) > entityId("x", t).slice(2, 12)).toBe(true)
  })

  it("does not repeat across 200,000 ids drawn in the same millisecond", () => {
    const t = Date.now()
    const seen = new Set<string>()
    for (let i = 0; i < 200_000; i++) seen.add(entityId("wamsg", t))
    expect(seen.size).toBe(200_000)
  })
})
