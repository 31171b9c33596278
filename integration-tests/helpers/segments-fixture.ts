import { ContainerRegistrationKeys, Modules, generateEntityId } from "@medusajs/framework/utils"

export const DAY = 86_400_000

/**
 * Customers with known histories, created through Medusa's customer and order modules; order
 * dates are then set by SQL relative to one instant T0 so every gap is an exact number of days.
 * The store's default currency in tests is EUR (Medusa's createDefaults).
 *
 *   key  orders (days before T0: total)              other
 *   A    100,70,40,10: 300 each                      TH address; contact, consent granted, replied 2 d ago, contacted 1 d ago
 *   B    400,300,200: 150 each                       contact, read our message 40 d ago, contacted 40 d ago
 *   C    5: 5000 (shipped to SG)                     —
 *   D    700,500: 250 each                           —
 *   E    a canceled order only                       —
 *   F    60,30,1: 1000 each + canceled 200: 99999    contact, consent revoked, read 3 d ago, contacted 3 d ago
 *   G    20: 800 in USD                              —
 *   H    none                                        contact, consent granted, replied 3 d ago, never contacted
 *   I    none                                        —
 */
export async function createSegmentFixture(container: any, T0 = Date.now()) {
  const customers = container.resolve(Modules.CUSTOMER)
  const orders = container.resolve(Modules.ORDER)
  const whatsapp = container.resolve("whatsapp")
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const at = (daysAgo: number) => new Date(T0 - daysAgo * DAY)

  const keys = ["A", "B", "C", "D", "E", "F", "G", "H", "I"] as const
  type Key = (typeof keys)[number]
  const phones: Partial<Record<Key, string>> = { A: "0810000001", B: "0810000002", F: "0810000006", H: "0810000008" }
  const created = await customers.createCustomers(
    keys.map((k) => ({
      first_name: `Cust${k}`,
      last_name: "Fixture",
      email: `${k.toLowerCase()}@fixture.test`,
      phone: phones[k] ?? null,
      addresses: k === "A" ? [{ country_code: "th", address_1: "1 Sukhumvit", is_default_shipping: true }] : undefined,
    }))
  )
  const id = Object.fromEntries(keys.map((k, i) => [k, created[i].id])) as Record<Key, string>

  async function order(k: Key, daysAgo: number, total: number, opts: { currency?: string; canceled?: boolean; country?: string } = {}) {
    const o = await orders.createOrders({
      customer_id: id[k],
      email: `${k.toLowerCase()}@fixture.test`,
      currency_code: opts.currency ?? "eur",
      items: [{ title: "Item", quantity: 1, unit_price: total }],
      shipping_address: opts.country ? { country_code: opts.country, first_name: k, address_1: "x" } : undefined,
    })
    await pg.raw(`UPDATE "order" SET created_at = ? WHERE id = ?`, [at(daysAgo), o.id])
    if (opts.canceled) await orders.cancel(o.id)
    return o.id as string
  }

  for (const d of [100, 70, 40, 10]) await order("A", d, 300)
  for (const d of [400, 300, 200]) await order("B", d, 150)
  await order("C", 5, 5000, { country: "sg" })
  for (const d of [700, 500]) await order("D", d, 250)
  await order("E", 15, 700, { canceled: true })
  for (const d of [60, 30, 1]) await order("F", d, 1000)
  await order("F", 200, 99999, { canceled: true })
  await order("G", 20, 800, { currency: "usd" })

  const contact = async (k: Key, consent: "granted" | "revoked" | null, lastOutboundDaysAgo: number | null) => {
    const wa_id = whatsapp.normalizePhone(phones[k]!).wa_id
    const c = await whatsapp.linkContactToCustomer(wa_id, id[k])
    if (consent)
      await whatsapp.setConsent({ contact_id: c.id, purpose: "marketing", state: consent, source: "admin", actor: { type: "system" }, detail: "fixture" })
    if (lastOutboundDaysAgo !== null) await pg.raw(`UPDATE whatsapp_contact SET last_outbound_at = ? WHERE id = ?`, [at(lastOutboundDaysAgo), c.id])
    return { id: c.id as string, wa_id }
  }
  const contacts = {
    A: await contact("A", "granted", 1),
    B: await contact("B", null, 40),
    F: await contact("F", "revoked", 3),
    H: await contact("H", "granted", null),
  }

  const message = async (k: "A" | "B" | "F" | "H", direction: "inbound" | "outbound", daysAgo: number) => {
    const when = at(daysAgo)
    await pg.raw(
      `INSERT INTO whatsapp_message (id, idempotency_key, direction, contact_id, wa_id, customer_id, type, status, received_at, read_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'text', ?, ?, ?, ?)`,
      [
        generateEntityId(undefined, "wamsg"),
        `fixture:${k}:${direction}:${daysAgo}`,
        direction,
        contacts[k].id,
        contacts[k].wa_id,
        id[k],
        direction === "inbound" ? "received" : "read",
        direction === "inbound" ? when : null,
        direction === "outbound" ? when : null,
        when,
      ]
    )
  }
  await message("A", "inbound", 2)
  await message("A", "inbound", 20)
  await message("B", "outbound", 40)
  await message("F", "outbound", 3)
  await message("H", "inbound", 3)

  return { T0, id, contacts, order, at }
}

/** The fixture's expected auto tags under the default settings (the table above, worked by hand). */
export const EXPECTED_DEFAULT_TAGS: Record<string, string[]> = {
  A: ["frequency:monthly", "aov:mid", "engaged:7d", "rfm:loyal"],
  B: ["frequency:quarterly", "frequency:lapsed", "aov:low", "dormant:30d", "rfm:hibernating"],
  C: ["frequency:one-time", "aov:high", "rfm:loyal", "vip"],
  D: ["frequency:occasional", "frequency:lapsed", "aov:mid", "rfm:hibernating"],
  E: [],
  F: ["frequency:monthly", "aov:mid", "engaged:7d", "rfm:loyal"],
  G: ["frequency:one-time", "rfm:hibernating"],
  H: ["engaged:7d"],
  I: [],
}

/**
 * RFM cells over the six buying customers (E's only order was canceled), by hand:
 *   recency (last order): D 500 d, B 200, G 20, A 10, C 5, F 1  → 1,1,2,3,4,5
 *   frequency (orders):   C 1, G 1, D 2, B 3, F 3, A 4           → 1,1,2,3,3,5
 *   monetary (EUR spent): G 0, B 450, D 500, A 1200, F 3000, C 5000 → 1,1,2,3,4,5
 *   FM = ⌊(F+M)/2⌋; segment from the grid in domain/rfm.ts.
 */
export const EXPECTED_RFM: Record<string, [number, number, number, string] | null> = {
  A: [3, 5, 3, "Loyal"],
  B: [1, 3, 1, "Hibernating"],
  C: [4, 1, 5, "Loyal"],
  D: [1, 2, 2, "Hibernating"],
  E: null,
  F: [5, 3, 4, "Loyal"],
  G: [2, 1, 1, "Hibernating"],
  H: null,
  I: null,
}
