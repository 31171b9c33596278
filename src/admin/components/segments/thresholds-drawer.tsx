import { Button, Drawer, Input, Label, Select, Switch, Text, toast } from "@medusajs/ui"
import { useEffect, useState, type ReactNode } from "react"
import { errorMessage } from "../../lib/sdk"
import { useSegmentSettings, useUpdateSegmentSettings, type SegmentSettings } from "../../lib/segments"

type Form = {
  monthly_max_days: string
  quarterly_max_days: string
  lapsed_multiplier: string
  low_below: string
  aov_mode: "top_percent" | "min_amount"
  aov_value: string
  engaged_days: string
  dormant_days: string
  vip_mode: "top_percent" | "min_spent" | "off"
  vip_value: string
  schedule_enabled: boolean
  schedule_hour: string
}

const toForm = (s: SegmentSettings): Form => ({
  monthly_max_days: String(s.frequency.monthly_max_days),
  quarterly_max_days: String(s.frequency.quarterly_max_days),
  lapsed_multiplier: String(s.frequency.lapsed_multiplier),
  low_below: String(s.aov.low_below),
  aov_mode: s.aov.high.mode,
  aov_value: String(s.aov.high.mode === "top_percent" ? s.aov.high.top_percent : s.aov.high.min_amount),
  engaged_days: String(s.engagement.engaged_days),
  dormant_days: String(s.engagement.dormant_days),
  vip_mode: s.vip.mode,
  vip_value: s.vip.mode === "top_percent" ? String(s.vip.top_percent) : s.vip.mode === "min_spent" ? String(s.vip.min_spent) : "",
  schedule_enabled: s.schedule.enabled,
  schedule_hour: String(s.schedule.hour),
})

/** Numbers stay numbers-or-NaN here; the server's validation explains anything wrong. */
const fromForm = (f: Form): SegmentSettings => ({
  frequency: { monthly_max_days: Number(f.monthly_max_days), quarterly_max_days: Number(f.quarterly_max_days), lapsed_multiplier: Number(f.lapsed_multiplier) },
  aov: {
    low_below: Number(f.low_below),
    high: f.aov_mode === "top_percent" ? { mode: "top_percent", top_percent: Number(f.aov_value) } : { mode: "min_amount", min_amount: Number(f.aov_value) },
  },
  engagement: { engaged_days: Number(f.engaged_days), dormant_days: Number(f.dormant_days) },
  vip:
    f.vip_mode === "off"
      ? { mode: "off" }
      : f.vip_mode === "top_percent"
        ? { mode: "top_percent", top_percent: Number(f.vip_value) }
        : { mode: "min_spent", min_spent: Number(f.vip_value) },
  schedule: { enabled: f.schedule_enabled, hour: Number(f.schedule_hour) },
})

const Field = ({ label, hint, htmlFor, children }: { label: string; hint?: string; htmlFor?: string; children: ReactNode }) => (
  <div className="flex flex-col gap-y-1">
    <Label size="small" htmlFor={htmlFor}>
      {label}
    </Label>
    {children}
    {hint && (
      <Text size="xsmall" className="text-ui-fg-subtle">
        {hint}
      </Text>
    )}
  </div>
)

/** The merchant's tag thresholds (defaults: the seed article's). Saving recomputes every customer. */
export const ThresholdsDrawer = () => {
  const [open, setOpen] = useState(false)
  const settings = useSegmentSettings()
  const save = useUpdateSegmentSettings()
  const [form, setForm] = useState<Form | null>(null)
  useEffect(() => {
    if (open && settings.data) setForm(toForm(settings.data.settings))
  }, [open, settings.data])
  const set = (patch: Partial<Form>) => setForm((f) => (f ? { ...f, ...patch } : f))
  const num = (key: keyof Form) => ({
    id: `segment-threshold-${key}`,
    size: "small" as const,
    type: "number",
    value: form ? String(form[key]) : "",
    onChange: (e: { target: { value: string } }) => set({ [key]: e.target.value } as Partial<Form>),
  })

  const onSave = () => {
    if (!form) return
    save.mutate(fromForm(form), {
      onSuccess: ({ recompute }) => {
        toast.success("Thresholds saved", {
          description: recompute ? `Tags recomputed for ${recompute.customers} customers (+${recompute.tags_added} / −${recompute.tags_removed})` : undefined,
        })
        setOpen(false)
      },
      onError: (e) => toast.error("Couldn't save the thresholds", { description: errorMessage(e) }),
    })
  }

  return (
    <Drawer open={open} onOpenChange={setOpen}>
      <Drawer.Trigger asChild>
        <Button size="small" variant="secondary">
          Thresholds
        </Button>
      </Drawer.Trigger>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>Tag thresholds</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {!form ? (
            <Text size="small">{settings.isError ? errorMessage(settings.error) : "Loading…"}</Text>
          ) : (
            <>
              <section className="flex flex-col gap-y-3">
                <Text weight="plus">Purchase frequency</Text>
                <div className="grid grid-cols-2 gap-3">
                  <Field htmlFor="segment-threshold-monthly_max_days" label="Monthly: average gap at most (days)">
                    <Input {...num("monthly_max_days")} />
                  </Field>
                  <Field htmlFor="segment-threshold-quarterly_max_days" label="Quarterly: at most (days)">
                    <Input {...num("quarterly_max_days")} />
                  </Field>
                  <Field
                    htmlFor="segment-threshold-lapsed_multiplier"
                    label="Lapsed after × average gap"
                    hint="frequency:lapsed when the time since the last order exceeds this many gaps"
                  >
                    <Input {...num("lapsed_multiplier")} step="0.1" />
                  </Field>
                </div>
              </section>
              <section className="flex flex-col gap-y-3">
                <Text weight="plus">Average order value</Text>
                <div className="grid grid-cols-2 gap-3">
                  <Field htmlFor="segment-threshold-low_below" label="Low: below" hint="In the store's default currency">
                    <Input {...num("low_below")} />
                  </Field>
                  <div />
                  <Field label="High by">
                    <Select size="small" value={form.aov_mode} onValueChange={(v) => set({ aov_mode: v as Form["aov_mode"] })}>
                      <Select.Trigger>
                        <Select.Value />
                      </Select.Trigger>
                      <Select.Content>
                        <Select.Item value="top_percent">Top percent of customers</Select.Item>
                        <Select.Item value="min_amount">Amount</Select.Item>
                      </Select.Content>
                    </Select>
                  </Field>
                  <Field htmlFor="segment-threshold-aov_value" label={form.aov_mode === "top_percent" ? "Top %" : "From amount"}>
                    <Input {...num("aov_value")} />
                  </Field>
                </div>
              </section>
              <section className="flex flex-col gap-y-3">
                <Text weight="plus">Engagement</Text>
                <div className="grid grid-cols-2 gap-3">
                  <Field htmlFor="segment-threshold-engaged_days" label="Engaged: replied or read within (days)">
                    <Input {...num("engaged_days")} />
                  </Field>
                  <Field htmlFor="segment-threshold-dormant_days" label="Dormant: nothing for (days)">
                    <Input {...num("dormant_days")} />
                  </Field>
                </div>
              </section>
              <section className="flex flex-col gap-y-3">
                <Text weight="plus">VIP</Text>
                <div className="grid grid-cols-2 gap-3">
                  <Field label="Automatic VIP" hint="A vip tag set by hand always stays">
                    <Select size="small" value={form.vip_mode} onValueChange={(v) => set({ vip_mode: v as Form["vip_mode"] })}>
                      <Select.Trigger>
                        <Select.Value />
                      </Select.Trigger>
                      <Select.Content>
                        <Select.Item value="top_percent">Top percent by spend</Select.Item>
                        <Select.Item value="min_spent">Spent at least</Select.Item>
                        <Select.Item value="off">Off (by hand only)</Select.Item>
                      </Select.Content>
                    </Select>
                  </Field>
                  {form.vip_mode !== "off" && (
                    <Field htmlFor="segment-threshold-vip_value" label={form.vip_mode === "top_percent" ? "Top %" : "Amount"}>
                      <Input {...num("vip_value")} />
                    </Field>
                  )}
                </div>
              </section>
              <section className="flex flex-col gap-y-3">
                <Text weight="plus">Nightly recompute</Text>
                <div className="grid grid-cols-2 items-end gap-3">
                  <div className="flex items-center gap-x-2">
                    <Switch id="schedule-enabled" checked={form.schedule_enabled} onCheckedChange={(v) => set({ schedule_enabled: v })} />
                    <Label size="small" htmlFor="schedule-enabled">
                      Enabled
                    </Label>
                  </div>
                  <Field htmlFor="segment-threshold-schedule_hour" label="Hour (store time zone)">
                    <Input {...num("schedule_hour")} min={0} max={23} />
                  </Field>
                </div>
              </section>
            </>
          )}
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              Cancel
            </Button>
          </Drawer.Close>
          <Button size="small" onClick={onSave} isLoading={save.isPending} disabled={!form}>
            Save and recompute
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
