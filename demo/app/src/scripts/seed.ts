// Seeds the demo store once: `medusa exec ./src/scripts/seed.ts` (demo/run.js does it).
// Idempotent: a finished seed leaves a marker in the store's metadata and a second run exits at
// once; a seed interrupted half-way finds what exists (by name/email) and completes the rest.
//
// What it creates: an admin user, region Thailand (THB, country th) with a tax region, the
// default sales channel, a publishable API key, a stock location with a manual-fulfillment
// shipping option, a few products priced in THB, ~50 customers with Thai names and Thai mobile
// numbers in mixed local spellings (2 invalid, 1 without phone), 0–10 orders each over the past
// year (created with createOrderWorkflow, some canceled, older ones completed, dates set after with
// SQL), and for every valid phone a WhatsApp contact linked to the customer with transactional
// consent granted and marketing consent granted for ~70%.
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, FeatureFlag, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  cancelOrderWorkflow,
  completeOrderWorkflow,
  createApiKeysWorkflow,
  createCustomersWorkflow,
  createOrderWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  createUsersWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const demo = require("../../../settings.js")

export const SEED_MARKER = "whatsapp_demo_seed"

// ------------------------------------------------------------------------------------ demo data

/** Deterministic PRNG (mulberry32): the same customers, phones and orders on every machine. */
function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
  }
}

const FIRST_NAMES: [string, string][] = [
  ["สมชาย", "somchai"],
  ["สมศรี", "somsri"],
  ["วิชัย", "wichai"],
  ["สุดารัตน์", "sudarat"],
  ["ณัฐพล", "nattapon"],
  ["กนกวรรณ", "kanokwan"],
  ["ธนากร", "thanakorn"],
  ["พิมพ์ชนก", "pimchanok"],
  ["อนุชา", "anucha"],
  ["ศิริพร", "siriporn"],
  ["ประเสริฐ", "prasert"],
  ["วรรณา", "wanna"],
  ["กิตติพงษ์", "kittipong"],
  ["จันทร์เพ็ญ", "janpen"],
  ["ชัยวัฒน์", "chaiwat"],
  ["นภัสสร", "napatsorn"],
  ["ปิยะ", "piya"],
  ["รัตนา", "rattana"],
  ["สุรชัย", "surachai"],
  ["อรุณี", "arunee"],
  ["ธีรวัฒน์", "teerawat"],
  ["มาลี", "malee"],
  ["พงศกร", "pongsakorn"],
  ["ลัดดา", "ladda"],
  ["เอกชัย", "ekkachai"],
  ["ปวีณา", "paweena"],
  ["วีระพงษ์", "weerapong"],
  ["สุภาพร", "supaporn"],
  ["ภูมิ", "phum"],
  ["ชนิดา", "chanida"],
  ["ณัฐวุฒิ", "nattawut"],
  ["พรทิพย์", "porntip"],
  ["อภิชาติ", "apichat"],
  ["กัญญา", "kanya"],
  ["ศักดิ์ชัย", "sakchai"],
  ["นงลักษณ์", "nongluck"],
  ["ธนพล", "thanapol"],
  ["อัญชลี", "anchalee"],
  ["ยุทธนา", "yuttana"],
  ["ปรียา", "preeya"],
  ["สมพงษ์", "sompong"],
  ["จิราพร", "jiraporn"],
  ["วัชระ", "watchara"],
  ["บุษบา", "busaba"],
  ["ไพโรจน์", "pairoj"],
  ["ดวงใจ", "duangjai"],
  ["เกียรติศักดิ์", "kiattisak"],
  ["ธิดารัตน์", "thidarat"],
  ["ภาณุ", "panu"],
  ["เพ็ญศรี", "pensri"],
]
const LAST_NAMES: [string, string][] = [
  ["ใจดี", "jaidee"],
  ["สุขสวัสดิ์", "suksawat"],
  ["ศรีสมบูรณ์", "srisomboon"],
  ["วงศ์ไทย", "wongthai"],
  ["แก้วมณี", "kaewmanee"],
  ["ทองดี", "thongdee"],
  ["บุญมา", "boonma"],
  ["รุ่งเรือง", "rungruang"],
  ["พึ่งบุญ", "phuengboon"],
  ["ประเสริฐศักดิ์", "prasertsak"],
  ["จันทร์แก้ว", "chankaew"],
  ["สายทอง", "saithong"],
  ["มั่นคง", "mankong"],
  ["ชัยมงคล", "chaimongkol"],
  ["ศรีสุข", "srisuk"],
  ["เพชรรัตน์", "petcharat"],
  ["อินทร์แก้ว", "inkaew"],
  ["นาคสวัสดิ์", "naksawat"],
  ["พรหมมา", "promma"],
  ["ทองคำ", "thongkham"],
  ["สมบัติ", "sombat"],
  ["วัฒนชัย", "wattanachai"],
  ["บุญเรือง", "boonruang"],
  ["ศรีวงศ์", "sriwong"],
  ["กิตติศักดิ์", "kittisak"],
]
const CITIES = [
  { city: "Bangkok", province: "Bangkok", postal_code: "10110" },
  { city: "Chiang Mai", province: "Chiang Mai", postal_code: "50200" },
  { city: "Khon Kaen", province: "Khon Kaen", postal_code: "40000" },
  { city: "Phuket", province: "Phuket", postal_code: "83000" },
  { city: "Hat Yai", province: "Songkhla", postal_code: "90110" },
  { city: "Nonthaburi", province: "Nonthaburi", postal_code: "11000" },
]
// Thai mobile prefixes (06x, 08x, 09x without the trunk 0).
const MOBILE_PREFIXES = ["81", "82", "83", "84", "85", "86", "87", "89", "91", "92", "93", "94", "95", "96", "97", "98", "99", "61", "62", "63", "64", "65"]
const THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

/** The same number in the spellings Thai shoppers type. */
function spell(national9: string, style: number): string {
  const a = national9.slice(0, 2)
  const b = national9.slice(2, 5)
  const c = national9.slice(5)
  switch (style % 8) {
    case 0:
      return `0${a}-${b}-${c}`
    case 1:
      return `+66 ${a} ${b} ${c}`
    case 2:
      return `0${national9}`
    case 3:
      return `+66${national9}`
    case 4:
      return `66${national9}`
    case 5:
      return `0${a} ${b} ${c}`
    case 6:
      return `(0${a}) ${b}-${c}`
    default:
      return `0${a}-${b}-${c}`.replace(/\d/g, (d) => THAI_DIGITS[Number(d)])
  }
}

interface DemoCustomer {
  first_name: string
  last_name: string
  email: string
  phone: string | null
  city: (typeof CITIES)[number]
  marketing: "granted" | "unknown" | "revoked"
  created_at: Date
  orders: { at: Date; items: { handle: string; variant: string; quantity: number }[]; fate: "canceled" | "completed" | "pending" }[]
}

const PRODUCTS = [
  {
    handle: "thai-silk-scarf",
    title: "Thai Silk Scarf",
    description: "ผ้าพันคอไหมไทยทอมือ",
    option: "Color",
    variants: [
      ["Red", 890],
      ["Indigo", 890],
      ["Gold", 1290],
    ],
  },
  { handle: "jasmine-rice-5kg", title: "Hom Mali Jasmine Rice 5 kg", description: "ข้าวหอมมะลิ 100%", option: "Size", variants: [["5 kg", 329]] },
  {
    handle: "chiang-mai-cold-brew",
    title: "Chiang Mai Cold Brew Coffee",
    description: "กาแฟสกัดเย็นจากดอยเชียงใหม่",
    option: "Pack",
    variants: [
      ["Single", 159],
      ["6-pack", 890],
    ],
  },
  {
    handle: "coconut-body-lotion",
    title: "Coconut Body Lotion",
    description: "โลชั่นมะพร้าวออร์แกนิก",
    option: "Size",
    variants: [
      ["200 ml", 249],
      ["500 ml", 490],
    ],
  },
  {
    handle: "celadon-mug",
    title: "Handmade Celadon Mug",
    description: "แก้วศิลาดลเชียงใหม่",
    option: "Color",
    variants: [
      ["Jade", 450],
      ["Sky", 450],
    ],
  },
  {
    handle: "elephant-pants",
    title: "Elephant Pants",
    description: "กางเกงช้าง ผ้าเรยอน",
    option: "Size",
    variants: [
      ["S", 390],
      ["M", 390],
      ["L", 390],
      ["XL", 420],
    ],
  },
  {
    handle: "mango-sticky-rice-kit",
    title: "Mango Sticky Rice Kit",
    description: "ชุดทำข้าวเหนียวมะม่วง",
    option: "Pack",
    variants: [
      ["For 2", 199],
      ["For 6", 520],
    ],
  },
] as const

function demoCustomers(now: Date): DemoCustomer[] {
  const r = rng(20261125)
  const DAY = 86_400_000
  const usedNumbers = new Set<string>()
  return FIRST_NAMES.map(([thFirst, enFirst], i) => {
    const [thLast, enLast] = LAST_NAMES[(i * 7) % LAST_NAMES.length]
    let national = ""
    do national = r.pick(MOBILE_PREFIXES) + String(r.int(0, 9_999_999)).padStart(7, "0")
    while (usedNumbers.has(national))
    usedNumbers.add(national)
    // Index 13 and 31 carry typos (too short / too long), 44 left no phone.
    const phone =
      i === 44
        ? null
        : i === 13
          ? `0${national.slice(0, 2)}-${national.slice(2, 5)}-${national.slice(5, 7)}`
          : i === 31
            ? `+66 ${national}99`
            : spell(national, i)
    // 7 in 10 opted in to marketing, 2 never answered, 1 said no.
    const marketing = i % 10 === 9 ? "revoked" : i % 10 === 3 || i % 10 === 6 ? "unknown" : "granted"
    const count = r.pick([0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 10])
    const orders = Array.from({ length: count }, () => {
      const at = new Date(now.getTime() - r.int(1, 364) * DAY - r.int(0, DAY - 1))
      const items = Array.from({ length: r.int(1, 3) }, () => {
        const p = r.pick(PRODUCTS)
        return { handle: p.handle, variant: r.pick(p.variants)[0] as string, quantity: r.next() < 0.15 ? r.int(3, 6) : r.int(1, 2) }
      })
      const ageDays = (now.getTime() - at.getTime()) / DAY
      const fate: "canceled" | "completed" | "pending" = r.next() < 0.1 ? "canceled" : ageDays > 14 ? "completed" : "pending"
      return { at, items, fate }
    }).sort((a, b) => a.at.getTime() - b.at.getTime())
    const first = orders[0]?.at.getTime() ?? now.getTime() - r.int(30, 400) * DAY
    return {
      first_name: thFirst,
      last_name: thLast,
      email: `${enFirst}.${enLast}@example.co.th`,
      phone,
      city: r.pick(CITIES),
      marketing,
      created_at: new Date(first - r.int(1, 60) * DAY),
      orders,
    }
  })
}

// ------------------------------------------------------------------------------------ seeding

export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const storeModule = container.resolve(Modules.STORE)
  const regionModule = container.resolve(Modules.REGION)
  const salesChannelModule = container.resolve(Modules.SALES_CHANNEL)
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)
  const stockLocationModule = container.resolve(Modules.STOCK_LOCATION)
  const apiKeyModule = container.resolve(Modules.API_KEY)
  const productModule = container.resolve(Modules.PRODUCT)
  const customerModule = container.resolve(Modules.CUSTOMER)
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  const whatsapp = container.resolve("whatsapp") as any

  const [store] = await storeModule.listStores({}, { take: 1 })
  if (store?.metadata?.[SEED_MARKER]) {
    logger.info(`Demo data already seeded (${JSON.stringify(store.metadata[SEED_MARKER])}); nothing to do.`)
    return
  }
  // This is a history import: a year of customers and orders must not fire subscribers (the
  // plugin's "order placed" WhatsApp notifications, welcome messages…). Events are dropped while
  // the seed runs; contacts and consent are written explicitly below.
  const eventBus = container.resolve(Modules.EVENT_BUS) as any
  const emit = eventBus.emit
  eventBus.emit = async () => {}
  try {
    await seed()
  } finally {
    eventBus.emit = emit
  }

  async function seed() {
    const started = Date.now()
    const step = (m: string) => logger.info(`[seed] ${m}`)

    // --- admin user (what `medusa user -e -p` does, but find-or-create)
    step(`admin user ${demo.admin.email}`)
    let [user] = await userModule.listUsers({ email: demo.admin.email })
    if (!user) {
      let roles: string[] = []
      if (FeatureFlag.isFeatureEnabled("rbac")) {
        const rbac = container.resolve(Modules.RBAC) as any
        const superAdmin = await rbac.listRbacRoles({ id: "role_super_admin" })
        roles = superAdmin.map((r: any) => r.id)
      }
      const { result } = await createUsersWorkflow(container).run({ input: { users: [{ email: demo.admin.email, roles } as any] } })
      user = result[0]
    }
    const { authIdentity, error } = await authModule.register("emailpass", { body: { email: demo.admin.email, password: demo.admin.password } } as any)
    if (authIdentity) {
      await authModule.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user.id } })
    } else if (!/exist/i.test(String(error))) {
      throw new Error(`registering the admin login failed: ${error}`)
    }

    // --- sales channel, region, tax, store settings
    step("sales channel, region Thailand (THB), tax region th")
    let [salesChannel] = await salesChannelModule.listSalesChannels({ name: "Default Sales Channel" })
    if (!salesChannel) {
      const { result } = await createSalesChannelsWorkflow(container).run({ input: { salesChannelsData: [{ name: "Default Sales Channel" }] } })
      salesChannel = result[0]
    }
    let [region] = await regionModule.listRegions({ name: "Thailand" })
    if (!region) {
      const { result } = await createRegionsWorkflow(container).run({
        input: { regions: [{ name: "Thailand", currency_code: "thb", countries: ["th"], payment_providers: ["pp_system_default"], automatic_taxes: true }] },
      })
      region = result[0]
    }
    const { data: taxRegions } = await query.graph({ entity: "tax_region", fields: ["id"], filters: { country_code: "th" } })
    if (!taxRegions.length) {
      await createTaxRegionsWorkflow(container).run({ input: [{ country_code: "th", provider_id: "tp_system" }] })
    }

    // --- stock location, fulfillment, shipping option
    step("stock location Bangkok, manual fulfillment, shipping option")
    let [location] = await stockLocationModule.listStockLocations({ name: "Bangkok Warehouse" })
    if (!location) {
      const { result } = await createStockLocationsWorkflow(container).run({
        input: {
          locations: [{ name: "Bangkok Warehouse", address: { address_1: "99 Sukhumvit Rd", city: "Bangkok", country_code: "TH", postal_code: "10110" } }],
        },
      })
      location = result[0]
      await link.create({ [Modules.STOCK_LOCATION]: { stock_location_id: location.id }, [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" } })
      await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [salesChannel.id] } })
    }
    let [profile] = await fulfillmentModule.listShippingProfiles({ type: "default" })
    if (!profile) {
      const { result } = await createShippingProfilesWorkflow(container).run({ input: { data: [{ name: "Default Shipping Profile", type: "default" }] } })
      profile = result[0]
    }
    let [fulfillmentSet] = await fulfillmentModule.listFulfillmentSets({ name: "Thailand delivery" }, { relations: ["service_zones"] })
    if (!fulfillmentSet) {
      fulfillmentSet = await fulfillmentModule.createFulfillmentSets({
        name: "Thailand delivery",
        type: "shipping",
        service_zones: [{ name: "Thailand", geo_zones: [{ country_code: "th", type: "country" }] }],
      })
      await link.create({ [Modules.STOCK_LOCATION]: { stock_location_id: location.id }, [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id } })
    }
    let [shippingOption] = await fulfillmentModule.listShippingOptions({ name: "Kerry Express (1-2 days)" })
    if (!shippingOption) {
      const { result } = await createShippingOptionsWorkflow(container).run({
        input: [
          {
            name: "Kerry Express (1-2 days)",
            price_type: "flat",
            provider_id: "manual_manual",
            service_zone_id: fulfillmentSet.service_zones[0].id,
            shipping_profile_id: profile.id,
            type: { label: "Standard", description: "ส่งภายใน 1-2 วัน", code: "standard" },
            prices: [
              { currency_code: "thb", amount: 50 },
              { region_id: region.id, amount: 50 },
            ],
            rules: [
              { attribute: "enabled_in_store", value: "true", operator: "eq" },
              { attribute: "is_return", value: "false", operator: "eq" },
            ],
          },
        ],
      })
      shippingOption = result[0]
    }

    // --- publishable key
    step("publishable API key")
    let [apiKey] = await apiKeyModule.listApiKeys({ title: demo.storeName, type: "publishable" })
    if (!apiKey) {
      const { result } = await createApiKeysWorkflow(container).run({ input: { api_keys: [{ title: demo.storeName, type: "publishable", created_by: "" }] } })
      apiKey = result[0]
      await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: apiKey.id, add: [salesChannel.id] } })
    }

    // --- products
    step(`${PRODUCTS.length} products priced in THB`)
    const existing = await productModule.listProducts({ handle: PRODUCTS.map((p) => p.handle) }, { select: ["handle"] })
    const missing = PRODUCTS.filter((p) => !existing.some((e: any) => e.handle === p.handle))
    if (missing.length) {
      await createProductsWorkflow(container).run({
        input: {
          products: missing.map((p) => ({
            title: p.title,
            handle: p.handle,
            description: p.description,
            status: ProductStatus.PUBLISHED,
            shipping_profile_id: profile.id,
            options: [{ title: p.option, values: p.variants.map((v) => v[0]) }],
            variants: p.variants.map(([value, price]) => ({
              title: value,
              sku: `${p.handle}-${value}`.toUpperCase().replace(/[^A-Z0-9]+/g, "-"),
              options: { [p.option]: value },
              manage_inventory: false,
              prices: [{ amount: price, currency_code: "thb" }],
            })),
            sales_channels: [{ id: salesChannel.id }],
          })),
        },
      })
    }
    const products = await productModule.listProducts({ handle: PRODUCTS.map((p) => p.handle) }, { relations: ["variants"] })
    const variantOf = (handle: string, title: string) => {
      const v = products.find((p: any) => p.handle === handle)?.variants.find((x: any) => x.title === title)
      if (!v) throw new Error(`variant ${handle}/${title} missing`)
      return v
    }
    const priceOf = (handle: string, title: string) => Number(PRODUCTS.find((p) => p.handle === handle)!.variants.find((v) => v[0] === title)![1])

    await updateStoresWorkflow(container).run({
      input: {
        selector: { id: store.id },
        update: {
          name: demo.storeName,
          supported_currencies: [{ currency_code: "thb", is_default: true }],
          default_sales_channel_id: salesChannel.id,
          default_region_id: region.id,
          default_location_id: location.id,
        } as any,
      },
    })

    // --- customers
    const now = new Date()
    const people = demoCustomers(now)
    step(`${people.length} customers`)
    const known = await customerModule.listCustomers({ email: people.map((p) => p.email) }, { select: ["id", "email"], take: 1000 })
    const toCreate = people.filter((p) => !known.some((k: any) => k.email === p.email))
    if (toCreate.length) {
      await createCustomersWorkflow(container).run({
        input: {
          customersData: toCreate.map((p) => ({
            first_name: p.first_name,
            last_name: p.last_name,
            email: p.email,
            phone: p.phone,
            metadata: { demo: true },
            addresses: [
              {
                address_name: "บ้าน (Home)",
                first_name: p.first_name,
                last_name: p.last_name,
                address_1: `${((p.email.length * 7) % 200) + 1} Moo ${(p.email.length % 9) + 1}`,
                city: p.city.city,
                province: p.city.province,
                postal_code: p.city.postal_code,
                country_code: "th",
                phone: p.phone,
                is_default_shipping: true,
                is_default_billing: true,
              },
            ],
          })),
        },
      })
    }
    const customers = await customerModule.listCustomers({ email: people.map((p) => p.email) }, { select: ["id", "email"], take: 1000 })
    const idOf = new Map(customers.map((c: any) => [c.email, c.id]))
    for (const p of people) {
      await knex.raw(`UPDATE customer SET created_at = ?, updated_at = ? WHERE id = ?`, [p.created_at, p.created_at, idOf.get(p.email)])
    }

    // --- WhatsApp contacts with consent (the plugin's module service)
    step("WhatsApp contacts linked to customers, with consent")
    const invalid: string[] = []
    let marketing = 0
    let contacts = 0
    for (const p of people) {
      if (!p.phone) continue
      let wa_id: string
      try {
        wa_id = whatsapp.normalizePhone(p.phone).wa_id
      } catch (e: any) {
        invalid.push(`${p.email} "${p.phone}" (${e.message})`)
        continue
      }
      const contact = await whatsapp.linkContactToCustomer(wa_id, idOf.get(p.email))
      await knex.raw(`UPDATE whatsapp_contact SET profile_name = COALESCE(profile_name, ?) WHERE id = ?`, [`${p.first_name} ${p.last_name}`, contact.id])
      // Imported history: the consent each customer gave at checkout / on the signup form, recorded
      // as consent events like any other change (actor: the import).
      await whatsapp.setConsent({
        contact_id: contact.id,
        purpose: "transactional",
        state: "granted",
        source: "checkout",
        actor: { type: "system" },
        detail: "demo_seed:checkout",
      })
      if (p.marketing !== "unknown")
        await whatsapp.setConsent({
          contact_id: contact.id,
          purpose: "marketing",
          state: p.marketing,
          source: "account",
          actor: { type: "system" },
          detail: "demo_seed:signup_form",
        })
      contacts++
      if (p.marketing === "granted") marketing++
    }
    step(`${contacts} contacts (${marketing} with marketing consent); phones rejected: ${invalid.length ? invalid.join("; ") : "none"}`)

    // --- orders, oldest first so display ids follow the dates
    const withOrders = await knex.raw(`SELECT DISTINCT customer_id FROM "order" WHERE customer_id IS NOT NULL AND deleted_at IS NULL`)
    const hasOrders = new Set(withOrders.rows.map((r: any) => r.customer_id))
    const planned = people
      .filter((p) => !hasOrders.has(idOf.get(p.email)))
      .flatMap((p) => p.orders.map((o) => ({ ...o, person: p })))
      .sort((a, b) => a.at.getTime() - b.at.getTime())
    step(`${planned.length} orders over the past 12 months`)
    let done = 0
    let canceled = 0
    for (const o of planned) {
      const p = o.person
      const address = {
        first_name: p.first_name,
        last_name: p.last_name,
        address_1: `${((p.email.length * 7) % 200) + 1} Moo ${(p.email.length % 9) + 1}`,
        city: p.city.city,
        province: p.city.province,
        postal_code: p.city.postal_code,
        country_code: "th",
        phone: p.phone ?? undefined,
      }
      const { result: order } = await createOrderWorkflow(container).run({
        input: {
          region_id: region.id,
          customer_id: idOf.get(p.email),
          email: p.email,
          sales_channel_id: salesChannel.id,
          currency_code: "thb",
          status: "pending",
          shipping_address: address,
          billing_address: address,
          // Events are dropped while the seed runs, so no history order notifies anyone now; the flag
          // itself must stay off, or the merchant's own fulfilments of demo orders later would be
          // skipped as "no_notification" too.
          no_notification: false,
          items: o.items.map((i) => {
            const v = variantOf(i.handle, i.variant)
            return {
              variant_id: v.id,
              title: `${products.find((x: any) => x.handle === i.handle)!.title} - ${i.variant}`,
              quantity: i.quantity,
              unit_price: priceOf(i.handle, i.variant),
            }
          }),
          shipping_methods: [{ name: shippingOption.name, shipping_option_id: shippingOption.id, amount: 50 }],
          metadata: { demo: true },
        } as any,
      })
      if (o.fate === "canceled") {
        await cancelOrderWorkflow(container).run({ input: { order_id: order.id } })
        canceled++
      } else if (o.fate === "completed") {
        await completeOrderWorkflow(container).run({ input: { orderIds: [order.id] } })
      }
      await backdateOrder(knex, order.id, o.at, o.fate)
      if (++done % 50 === 0) step(`  ${done}/${planned.length} orders`)
    }

    // Segments, RFM and auto tags from this history now, so the segments page opens with real
    // counts instead of "computed never" and wrong matches until someone clicks "Recompute now".
    const computed = await whatsapp.segmentation().recompute()
    step(`segment metrics computed for ${computed.customers} customers`)

    await storeModule.updateStores(store.id, {
      metadata: { ...(store.metadata ?? {}), [SEED_MARKER]: { version: demo.seedVersion, at: new Date().toISOString() } },
    })
    logger.info(
      `[seed] done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${people.length} customers, ${done} orders (${canceled} canceled), ` +
        `${contacts} WhatsApp contacts, admin ${demo.admin.email}, publishable key ${apiKey.token}`
    )
  }
}

/** The order API stamps "now"; move the order and its parts to when it was placed. */
async function backdateOrder(knex: any, orderId: string, at: Date, fate: string) {
  const later = new Date(at.getTime() + (fate === "canceled" ? 5 : 72) * 3_600_000)
  await knex.raw(
    `UPDATE "order" SET created_at = ?, updated_at = ?, canceled_at = CASE WHEN canceled_at IS NULL THEN NULL ELSE ?::timestamptz END WHERE id = ?`,
    [at, fate === "pending" ? at : later, later, orderId]
  )
  await knex.raw(`UPDATE order_summary SET created_at = ?, updated_at = ? WHERE order_id = ?`, [at, at, orderId])
  await knex.raw(`UPDATE order_line_item SET created_at = ?, updated_at = ? WHERE id IN (SELECT item_id FROM order_item WHERE order_id = ?)`, [at, at, orderId])
  await knex.raw(`UPDATE order_item SET created_at = ?, updated_at = ? WHERE order_id = ?`, [at, at, orderId])
  await knex.raw(
    `UPDATE order_shipping_method SET created_at = ?, updated_at = ? WHERE id IN (SELECT shipping_method_id FROM order_shipping WHERE order_id = ?)`,
    [at, at, orderId]
  )
  await knex.raw(`UPDATE order_shipping SET created_at = ?, updated_at = ? WHERE order_id = ?`, [at, at, orderId])
  await knex.raw(
    `UPDATE order_address SET created_at = ?, updated_at = ? WHERE id IN (SELECT shipping_address_id FROM "order" WHERE id = ? UNION SELECT billing_address_id FROM "order" WHERE id = ?)`,
    [at, at, orderId, orderId]
  )
  await knex.raw(`UPDATE order_change SET created_at = ?, updated_at = ? WHERE order_id = ?`, [later, later, orderId])
}
