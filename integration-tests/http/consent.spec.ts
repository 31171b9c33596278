import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { adminHeaders } from "../helpers/admin"
import { inboundText, metaJson, sign } from "../helpers/webhooks"
import { whatsappOf } from "../helpers/app"
import { waitFor } from "../helpers/time"

jest.setTimeout(180_000)

// No sandbox: the STOP confirmation reply fails fast instead of reaching a sandbox on the default port.
process.env.WHATSAPP_BASE_URL = "http://127.0.0.1:9"

const post = (api: any, body: unknown) => {
  const raw = metaJson(body)
  return api.post("/hooks/whatsapp", raw, {
    headers: { "content-type": "application/json", "x-hub-signature-256": sign(raw) },
    transformRequest: [(d: unknown) => d],
  })
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const whatsapp = whatsappOf(getContainer)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const ok = (p: Promise<any>) => p.catch((e: any) => e.response)
    let headers: Record<string, string>

    beforeAll(async () => {
      headers = (await adminHeaders(getContainer())).headers
    })

    it("after the customer's STOP an admin re-grant is refused (409) without proof, accepted with it, and all of it is in the events CSV", async () => {
      const customer = await getContainer().resolve(Modules.CUSTOMER).createCustomers({ first_name: "Malee", phone: "0821111111", email: "m@example.com" })
      const granted = await api.post(`/admin/whatsapp/customers/${customer.id}/consent`, { purpose: "marketing", consent: "granted" }, { headers })
      expect(granted.status).toBe(200)
      expect(granted.data.contact.marketing_consent).toBe("granted")

      await post(api, inboundText("66821111111", "STOP", { id: "wamid.consent.stop.1" }))
      await waitFor(async () => ((await whatsapp().listWhatsappContacts({ wa_id: "66821111111" }))[0]?.marketing_consent === "revoked" ? true : null))

      const refused = await ok(api.post(`/admin/whatsapp/customers/${customer.id}/consent`, { purpose: "marketing", consent: "granted" }, { headers }))
      expect(refused.status).toBe(409)
      expect(refused.data).toMatchObject({ type: "proof_required", stop_source: "stop_keyword", missing: ["reason", "proof_reference"] })
      const onlyReason = await ok(
        api.post(`/admin/whatsapp/customers/${customer.id}/consent`, { purpose: "marketing", consent: "granted", reason: "asked at the counter" }, { headers })
      )
      expect(onlyReason.status).toBe(409)
      expect(onlyReason.data.missing).toEqual(["proof_reference"])
      expect((await whatsapp().listWhatsappContacts({ wa_id: "66821111111" }))[0].marketing_consent).toBe("revoked")

      const accepted = await api.post(
        `/admin/whatsapp/customers/${customer.id}/consent`,
        { purpose: "marketing", consent: "granted", reason: "asked at the counter", proof_reference: "form-2026-118" },
        { headers }
      )
      expect(accepted.status).toBe(200)
      expect(accepted.data.contact.marketing_consent).toBe("granted")

      const json = await api.get(`/admin/whatsapp/customers/${customer.id}/consent-events`, { headers })
      expect(json.data.events.map((e: any) => [e.source, e.old_state, e.new_state, e.actor_type])).toEqual([
        ["admin", "revoked", "granted", "admin"],
        ["stop_keyword", "granted", "revoked", "customer"],
        ["admin", "unknown", "granted", "admin"],
      ])
      expect(json.data.events[0]).toMatchObject({ reason: "asked at the counter", proof_reference: "form-2026-118" })
      // Re-granted by an admin: the customer's stop still stands in the history and on the widget.
      expect(json.data.marketing_stop.source).toBe("stop_keyword")

      const csv = await api.get(`/admin/whatsapp/customers/${customer.id}/consent-events?format=csv`, { headers })
      expect(csv.headers["content-type"]).toMatch(/text\/csv/)
      const lines = (csv.data as string)
        .replace(/^\uFEFF/, "")
        .trimEnd()
        .split("\r\n")
      expect(lines).toHaveLength(4)
      expect(lines[0]).toMatch(/^id,created_at,contact_id,customer_id,purpose,old_state,new_state,source,/)
      expect(lines[1]).toContain(",marketing,revoked,granted,admin,admin,")
      expect(lines[1]).toContain("form-2026-118")

      const badFormat = await ok(api.get(`/admin/whatsapp/customers/${customer.id}/consent-events?format=xml`, { headers }))
      expect(badFormat.status).toBe(400)
      expect(JSON.stringify(badFormat.data)).toContain("format")
    })

    it("the event ledger refuses updates and deletes", async () => {
      const customer = await getContainer().resolve(Modules.CUSTOMER).createCustomers({ first_name: "A", phone: "0822222222", email: "a@example.com" })
      await api.post(`/admin/whatsapp/customers/${customer.id}/consent`, { purpose: "transactional", consent: "granted" }, { headers })
      await expect(pg().raw(`UPDATE whatsapp_consent_event SET new_state = 'revoked'`)).rejects.toThrow(/append-only/)
      await expect(pg().raw(`DELETE FROM whatsapp_consent_event`)).rejects.toThrow(/append-only/)
    })
  },
})
