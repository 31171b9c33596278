import { checkWebhookShape } from "../webhook-shape"

describe("checkWebhookShape", () => {
  const ok = { object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "messages", value: {} }] }] }
  it("accepts a WhatsApp Business webhook", () => {
    expect(checkWebhookShape(ok)).toBeNull()
  })
  it.each([
    [null, /JSON object/],
    [[], /JSON object/],
    ["x", /JSON object/],
    [{ object: "page", entry: ok.entry }, /whatsapp_business_account/],
    [{ object: "whatsapp_business_account", entry: [] }, /non-empty/],
    [{ object: "whatsapp_business_account", entry: [null] }, /entry\[0\] must be an object/],
    [{ object: "whatsapp_business_account", entry: [{ id: "1" }] }, /changes must be an array/],
    [{ object: "whatsapp_business_account", entry: [{ changes: [{ value: {} }] }] }, /field must be a string/],
    [{ object: "whatsapp_business_account", entry: [{ changes: [{ field: "messages" }] }] }, /value must be an object/],
  ])("refuses %j", (body, message) => {
    expect(checkWebhookShape(body)).toMatch(message)
  })
})
