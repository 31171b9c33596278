import { createSandbox, type Sandbox } from "../../sandbox/src"
import { lintTemplate } from "../../src/modules/whatsapp/domain/template-lint"
import { FAILING, GOOD } from "../../src/modules/whatsapp/domain/__tests__/template-lint.fixtures"
import { CloudApiClient } from "../../src/modules/whatsapp/channels/cloud-api"

// What the plugin's linter flags, the (Meta-like) sandbox rejects: the linter saves a round trip
// to Meta's review, it does not invent rules of its own. Rules the sandbox does not model
// (sequence of {{n}}, header formatting) are linted only.
const SHARED = new Set([
  "bad_name",
  "missing_body",
  "variable_at_start",
  "variable_at_end",
  "adjacent_variables",
  "too_many_variables",
  "promotional_in_utility",
  "missing_samples",
])

describe("template linter vs the sandbox's review", () => {
  let sandbox: Sandbox
  let client: CloudApiClient
  beforeAll(async () => {
    sandbox = await createSandbox({ templateReviewDelayMs: 10 })
    client = new CloudApiClient({
      base_url: sandbox.url,
      api_version: "v23.0",
      phone_number_id: sandbox.config.phoneNumberId,
      waba_id: sandbox.config.wabaId,
      access_token: sandbox.config.accessToken,
      request_timeout_ms: 5000,
    })
  })
  afterAll(() => sandbox.close())

  async function submit(template: any, name: string): Promise<string> {
    try {
      await client.createTemplate({ ...template, name: template.name === GOOD.name ? name : template.name })
    } catch (e: any) {
      return `error ${e.code}`
    }
    for (let i = 0; i < 100; i++) {
      const t = sandbox.state.templates.find((x) => x.name === name)
      if (t && t.status !== "PENDING") return t.status
      await new Promise((r) => setTimeout(r, 10))
    }
    return "PENDING"
  }

  it("approves what the linter passes", async () => {
    expect(lintTemplate(GOOD)).toEqual([])
    expect(await submit(GOOD, "lint_good")).toBe("APPROVED")
  })

  it.each(FAILING.filter(([rule]) => SHARED.has(rule)).map(([rule, t], i) => [rule, t, i] as const))("rejects %s", async (rule, template, i) => {
    expect(lintTemplate(template).map((f) => f.rule)).toContain(rule)
    expect(await submit(template, `lint_case_${i}`)).toMatch(/^(REJECTED|error \d+)$/)
  })
})
