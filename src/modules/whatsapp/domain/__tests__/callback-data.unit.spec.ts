import { decodeCallbackData, encodeCallbackData } from "../callback-data"

describe("biz_opaque_callback_data", () => {
  it("round-trips our ids", () => {
    expect(decodeCallbackData(encodeCallbackData({ message_id: "wamsg_1" }))).toEqual({ message_id: "wamsg_1" })
    expect(decodeCallbackData(encodeCallbackData({ message_id: "wamsg_1", campaign_id: "wacmp_2" }))).toEqual({
      message_id: "wamsg_1",
      campaign_id: "wacmp_2",
    })
  })
  it("ignores data that is not ours", () => {
    expect(decodeCallbackData(undefined)).toBeNull()
    expect(decodeCallbackData("order-123")).toBeNull()
    expect(decodeCallbackData('{"x":1}')).toBeNull()
    expect(decodeCallbackData('{"m":5}')).toBeNull()
  })
  it("refuses what Meta would refuse (over 512 characters)", () => {
    expect(() => encodeCallbackData({ message_id: "x".repeat(520) })).toThrow(/512/)
  })
})
