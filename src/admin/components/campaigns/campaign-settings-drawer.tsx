import { CogSixTooth, Trash } from "@medusajs/icons"
import { Button, Drawer, IconButton, Input, Label, Select, Skeleton, Switch, Table, Text, toast } from "@medusajs/ui"
import { useEffect, useState, type ReactNode } from "react"
import {
  PRICE_CATEGORIES,
  useCampaignSettings,
  useUpdateCampaignSettings,
  type CampaignSettings,
  type CampaignSettingsResponse,
  type PriceCategory,
  type PriceTable,
} from "../../lib/campaigns"
import { errorMessage } from "../../lib/sdk"
import { Field } from "../common/field"

const TIERS = ["250", "2000", "10000", "100000", "unlimited"] as const

/** The form keeps what the merchant types (strings); numbers are made on save and checked by the server. */
interface Form {
  throughput_mps: string
  messaging_tier: string
  cap_on: boolean
  cap_max: string
  cap_days: string
  quiet_on: boolean
  quiet_start: string
  quiet_end: string
  quiet_zone: "store" | "customer"
  pair_rate_s: string
  attribution_window_days: string
  error_rate_pct: string
  max_attempts: string
  concurrency: string
  slots: string
  claim_lease_s: string
  currency: string
  /** "" = the default row; otherwise an ISO country code. */
  prices: { country: string; values: Record<PriceCategory, string> }[]
}

const str = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n))

function toForm({ settings: s, price_table: t }: CampaignSettingsResponse): Form {
  const row = (country: string, v: Partial<Record<PriceCategory, number>>) => ({
    country,
    values: Object.fromEntries(PRICE_CATEGORIES.map((c) => [c, str(v[c])])) as Record<PriceCategory, string>,
  })
  return {
    throughput_mps: str(s.throughput_mps),
    messaging_tier: s.messaging_tier === null ? "unlimited" : String(s.messaging_tier),
    cap_on: !!s.frequency_cap,
    cap_max: str(s.frequency_cap?.max ?? 2),
    cap_days: str(s.frequency_cap?.days ?? 7),
    quiet_on: !!s.quiet_hours,
    quiet_start: s.quiet_hours?.start ?? "21:00",
    quiet_end: s.quiet_hours?.end ?? "09:00",
    quiet_zone: s.quiet_hours?.zone ?? "store",
    pair_rate_s: str(s.pair_rate_interval_ms / 1000),
    attribution_window_days: str(s.attribution_window_days),
    error_rate_pct: str(Math.round(s.error_rate_threshold * 1000) / 10),
    max_attempts: str(s.max_attempts),
    concurrency: str(s.concurrency),
    slots: str(s.slots),
    claim_lease_s: str(s.claim_lease_ms / 1000),
    currency: t.currency,
    prices: [row("", t.default), ...Object.entries(t.countries ?? {}).map(([c, v]) => row(c, v))],
  }
}

/** Empty → NaN, which the server refuses with a message naming the field. */
const num = (v: string) => (v.trim() === "" ? Number.NaN : Number(v))

function toBody(f: Form): { settings: Partial<CampaignSettings>; price_table: PriceTable } {
  const prices = (values: Record<PriceCategory, string>) =>
    Object.fromEntries(PRICE_CATEGORIES.filter((c) => values[c].trim() !== "").map((c) => [c, num(values[c])])) as Partial<Record<PriceCategory, number>>
  const def = f.prices.find((p) => p.country === "")!
  return {
    settings: {
      throughput_mps: num(f.throughput_mps),
      messaging_tier: f.messaging_tier === "unlimited" ? null : (Number(f.messaging_tier) as CampaignSettings["messaging_tier"]),
      frequency_cap: f.cap_on ? { max: num(f.cap_max), days: num(f.cap_days) } : null,
      quiet_hours: f.quiet_on ? { start: f.quiet_start, end: f.quiet_end, zone: f.quiet_zone } : null,
      pair_rate_interval_ms: Math.round(num(f.pair_rate_s) * 1000),
      attribution_window_days: num(f.attribution_window_days),
      error_rate_threshold: num(f.error_rate_pct) / 100,
      max_attempts: num(f.max_attempts),
      concurrency: num(f.concurrency),
      slots: num(f.slots),
      claim_lease_ms: Math.round(num(f.claim_lease_s) * 1000),
    },
    price_table: {
      currency: f.currency.trim().toUpperCase(),
      default: prices(def.values) as Record<PriceCategory, number>,
      countries: Object.fromEntries(f.prices.filter((p) => p.country !== "").map((p) => [p.country.trim().toUpperCase(), prices(p.values)])),
    },
  }
}

/** "Campaign settings": sending limits, frequency cap, quiet hours, attribution, and the per-message price table the estimates use. */
export const CampaignSettingsDrawer = () => {
  const [open, setOpen] = useState(false)
  const query = useCampaignSettings()
  const save = useUpdateCampaignSettings()
  const [form, setForm] = useState<Form | null>(null)
  const [country, setCountry] = useState("")
  const set = (patch: Partial<Form>) => setForm((f) => (f ? { ...f, ...patch } : f))

  const onOpenChange = (o: boolean) => {
    if (save.isPending) return
    setOpen(o)
    setForm(o && query.data ? toForm(query.data) : null)
  }
  // Opened before the settings arrived: fill the form once they do.
  useEffect(() => {
    if (open && !form && query.data) setForm(toForm(query.data))
  }, [open, form, query.data])

  const submit = async () => {
    if (!form) return
    try {
      const saved = await save.mutateAsync(toBody(form))
      setForm(toForm(saved))
      toast.success("Campaign settings saved")
      setOpen(false)
    } catch (e) {
      toast.error("Couldn't save the settings", { description: errorMessage(e) })
    }
  }

  const addCountry = () => {
    const code = country.trim().toUpperCase()
    if (!form || !/^[A-Z]{2}$/.test(code) || form.prices.some((p) => p.country === code)) return
    set({ prices: [...form.prices, { country: code, values: { marketing: "", utility: "", authentication: "", service: "" } }] })
    setCountry("")
  }

  const defaults = query.data?.defaults.settings

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Trigger asChild>
        <Button size="small" variant="secondary">
          <CogSixTooth />
          Settings
        </Button>
      </Drawer.Trigger>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>Campaign settings</Drawer.Title>
          <Drawer.Description className="sr-only">Sending limits, frequency cap, quiet hours and prices</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {query.isError ? (
            <Text size="small" className="text-ui-fg-error">
              Couldn't load the settings: {errorMessage(query.error)}
            </Text>
          ) : !form ? (
            <Skeleton className="h-64 w-full" />
          ) : (
            <>
              <Section title="Sending">
                <div className="grid grid-cols-2 gap-3">
                  <Field id="cs-mps" label="Messages per second" hint={`Your number's throughput (Meta: 80 by default, up to 1,000).`}>
                    <Input
                      id="cs-mps"
                      size="small"
                      type="number"
                      min={1}
                      max={1000}
                      value={form.throughput_mps}
                      onChange={(e) => set({ throughput_mps: e.target.value })}
                    />
                  </Field>
                  <Field id="cs-tier" label="Messaging limit" hint="Unique customers per rolling 24 h (your tier in WhatsApp Manager).">
                    <Select size="small" value={form.messaging_tier} onValueChange={(v) => set({ messaging_tier: v })}>
                      <Select.Trigger id="cs-tier">
                        <Select.Value />
                      </Select.Trigger>
                      <Select.Content>
                        {TIERS.map((t) => (
                          <Select.Item key={t} value={t}>
                            {t === "unlimited" ? "Unlimited" : Number(t).toLocaleString()}
                          </Select.Item>
                        ))}
                      </Select.Content>
                    </Select>
                  </Field>
                  <Field id="cs-pair" label="Seconds between two messages to one customer" hint="Meta refuses faster sends to the same number (131056).">
                    <Input
                      id="cs-pair"
                      size="small"
                      type="number"
                      min={0}
                      step="0.5"
                      value={form.pair_rate_s}
                      onChange={(e) => set({ pair_rate_s: e.target.value })}
                    />
                  </Field>
                  <Field id="cs-err" label="Pause above this failure rate (%)" hint="Of recent sends; protects your number's quality.">
                    <Input
                      id="cs-err"
                      size="small"
                      type="number"
                      min={1}
                      max={100}
                      value={form.error_rate_pct}
                      onChange={(e) => set({ error_rate_pct: e.target.value })}
                    />
                  </Field>
                </div>
              </Section>

              <Section title="Frequency cap">
                <Toggle id="cs-cap-on" label="Limit marketing messages per customer" checked={form.cap_on} onChange={(cap_on) => set({ cap_on })} />
                {form.cap_on && (
                  <div className="grid grid-cols-2 gap-3">
                    <Field id="cs-cap-max" label="At most">
                      <Input
                        id="cs-cap-max"
                        size="small"
                        type="number"
                        min={1}
                        max={100}
                        value={form.cap_max}
                        onChange={(e) => set({ cap_max: e.target.value })}
                      />
                    </Field>
                    <Field id="cs-cap-days" label="Messages per (days)">
                      <Input
                        id="cs-cap-days"
                        size="small"
                        type="number"
                        min={1}
                        max={90}
                        value={form.cap_days}
                        onChange={(e) => set({ cap_days: e.target.value })}
                      />
                    </Field>
                  </div>
                )}
              </Section>

              <Section title="Quiet hours">
                <Toggle
                  id="cs-quiet-on"
                  label="Hold sends during quiet hours (they go when the hours end)"
                  checked={form.quiet_on}
                  onChange={(quiet_on) => set({ quiet_on })}
                />
                {form.quiet_on && (
                  <div className="grid grid-cols-3 gap-3">
                    <Field id="cs-quiet-start" label="From">
                      <Input id="cs-quiet-start" size="small" type="time" value={form.quiet_start} onChange={(e) => set({ quiet_start: e.target.value })} />
                    </Field>
                    <Field id="cs-quiet-end" label="Until">
                      <Input id="cs-quiet-end" size="small" type="time" value={form.quiet_end} onChange={(e) => set({ quiet_end: e.target.value })} />
                    </Field>
                    <Field id="cs-quiet-zone" label="Clock">
                      <Select size="small" value={form.quiet_zone} onValueChange={(v) => set({ quiet_zone: v as Form["quiet_zone"] })}>
                        <Select.Trigger id="cs-quiet-zone">
                          <Select.Value />
                        </Select.Trigger>
                        <Select.Content>
                          <Select.Item value="store">The store's</Select.Item>
                          <Select.Item value="customer">The customer's, when known</Select.Item>
                        </Select.Content>
                      </Select>
                    </Field>
                  </div>
                )}
              </Section>

              <Section title="Results">
                <Field
                  id="cs-attr"
                  label="Attribution window (days)"
                  hint="An order this long after a customer read the message counts for the campaign. New campaigns start with it."
                >
                  <Input
                    id="cs-attr"
                    size="small"
                    type="number"
                    min={1}
                    max={90}
                    value={form.attribution_window_days}
                    onChange={(e) => set({ attribution_window_days: e.target.value })}
                  />
                </Field>
              </Section>

              <Section
                title="Per-message prices"
                hint="Used for estimates and the cost of sent campaigns. A country row overrides the default for that country; an empty cell uses the default."
              >
                <Field id="cs-currency" label="Currency">
                  <Input
                    id="cs-currency"
                    size="small"
                    maxLength={3}
                    className="w-24 uppercase"
                    value={form.currency}
                    onChange={(e) => set({ currency: e.target.value })}
                  />
                </Field>
                <div className="overflow-x-auto rounded-lg border">
                  <Table>
                    <Table.Header>
                      <Table.Row>
                        <Table.HeaderCell>Country</Table.HeaderCell>
                        {PRICE_CATEGORIES.map((c) => (
                          <Table.HeaderCell key={c} className="capitalize">
                            {c}
                          </Table.HeaderCell>
                        ))}
                        <Table.HeaderCell />
                      </Table.Row>
                    </Table.Header>
                    <Table.Body>
                      {form.prices.map((row, i) => (
                        <Table.Row key={row.country || "default"}>
                          <Table.Cell>{row.country || "Default"}</Table.Cell>
                          {PRICE_CATEGORIES.map((c) => (
                            <Table.Cell key={c}>
                              <Input
                                size="small"
                                type="number"
                                min={0}
                                step="0.0001"
                                aria-label={`${row.country || "Default"} ${c}`}
                                className="w-24"
                                placeholder={row.country ? "default" : ""}
                                value={row.values[c]}
                                onChange={(e) => {
                                  const prices = [...form.prices]
                                  prices[i] = { ...row, values: { ...row.values, [c]: e.target.value } }
                                  set({ prices })
                                }}
                              />
                            </Table.Cell>
                          ))}
                          <Table.Cell>
                            {row.country && (
                              <IconButton
                                size="small"
                                variant="transparent"
                                aria-label={`Remove ${row.country}`}
                                onClick={() => set({ prices: form.prices.filter((_, j) => j !== i) })}
                              >
                                <Trash />
                              </IconButton>
                            )}
                          </Table.Cell>
                        </Table.Row>
                      ))}
                    </Table.Body>
                  </Table>
                </div>
                <div className="flex items-center gap-x-2">
                  <Input
                    size="small"
                    className="w-24 uppercase"
                    maxLength={2}
                    placeholder="TH"
                    aria-label="Country code"
                    value={country}
                    onChange={(e) => setCountry(e.target.value)}
                    onKeyDown={(e) => e.key === "Enter" && addCountry()}
                  />
                  <Button size="small" variant="secondary" disabled={!/^[A-Za-z]{2}$/.test(country.trim())} onClick={addCountry}>
                    Add country
                  </Button>
                </div>
              </Section>

              <Section title="Advanced" hint="How the sender works; the defaults suit most stores.">
                <div className="grid grid-cols-2 gap-3">
                  <Field id="cs-attempts" label="Attempts per message" hint={defaults ? `Default ${defaults.max_attempts}` : undefined}>
                    <Input
                      id="cs-attempts"
                      size="small"
                      type="number"
                      min={1}
                      max={20}
                      value={form.max_attempts}
                      onChange={(e) => set({ max_attempts: e.target.value })}
                    />
                  </Field>
                  <Field id="cs-conc" label="Parallel requests per worker" hint={defaults ? `Default ${defaults.concurrency}` : undefined}>
                    <Input
                      id="cs-conc"
                      size="small"
                      type="number"
                      min={1}
                      max={256}
                      value={form.concurrency}
                      onChange={(e) => set({ concurrency: e.target.value })}
                    />
                  </Field>
                  <Field id="cs-slots" label="Batches in flight per campaign" hint={defaults ? `Default ${defaults.slots}` : undefined}>
                    <Input id="cs-slots" size="small" type="number" min={1} max={16} value={form.slots} onChange={(e) => set({ slots: e.target.value })} />
                  </Field>
                  <Field id="cs-lease" label="Retake a stuck batch after (s)" hint={defaults ? `Default ${defaults.claim_lease_ms / 1000}` : undefined}>
                    <Input
                      id="cs-lease"
                      size="small"
                      type="number"
                      min={10}
                      max={3600}
                      value={form.claim_lease_s}
                      onChange={(e) => set({ claim_lease_s: e.target.value })}
                    />
                  </Field>
                </div>
              </Section>
            </>
          )}
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary" disabled={save.isPending}>
              Cancel
            </Button>
          </Drawer.Close>
          <Button size="small" isLoading={save.isPending} disabled={!form} onClick={submit}>
            Save
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}

const Section = ({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) => (
  <div className="flex flex-col gap-y-3">
    <div className="flex flex-col gap-y-0.5">
      <Text size="small" weight="plus">
        {title}
      </Text>
      {hint && (
        <Text size="xsmall" className="text-ui-fg-muted">
          {hint}
        </Text>
      )}
    </div>
    {children}
  </div>
)

const Toggle = ({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) => (
  <div className="flex items-center gap-x-2">
    <Switch id={id} checked={checked} onCheckedChange={onChange} />
    <Label htmlFor={id} size="small">
      {label}
    </Label>
  </div>
)
