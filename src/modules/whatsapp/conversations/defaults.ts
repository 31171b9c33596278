/**
 * Auto-reply settings and the rules a store starts with. STOP handling ships on by default:
 * honouring an opt-out is a WhatsApp policy requirement, not a feature.
 */
import type { AutoReplySettings as SharedAutoReplySettings, ReplyAction } from "../../../shared/auto-replies"

// The action and settings shapes live in src/shared/auto-replies.ts (the admin dashboard edits them).
export type { ReplyAction } from "../../../shared/auto-replies"

export interface AutoReplySettings extends SharedAutoReplySettings, Record<string, unknown> {}

export const AUTO_REPLY_SETTINGS_KEY = "auto_reply"

export const DEFAULT_AUTO_REPLY_SETTINGS: AutoReplySettings = {
  business_hours: { days: [1, 2, 3, 4, 5, 6], start: "09:00", end: "18:00" },
  away_message:
    "ขอบคุณที่ติดต่อเรา ตอนนี้อยู่นอกเวลาทำการ (จ.–ส. 9:00–18:00) เราจะตอบกลับโดยเร็วที่สุด / Thanks for your message — we're outside business hours and will reply soon.",
  flag_after_minutes: 15,
  discount: { type: "percentage", value: 10, currency_code: "thb", expiry_days: 7 },
  fallback_template: null,
}

export interface DefaultRule {
  name: string
  keywords: string[]
  match_mode: "exact" | "contains" | "fuzzy" | "regex"
  fuzzy_threshold?: number
  priority: number
  payloads?: string[]
  actions: ReplyAction[]
}

export const DEFAULT_FAQS = [
  {
    title: "shipping",
    language: "th",
    answer: "จัดส่งภายใน 1–2 วันทำการ ได้รับสินค้าภายใน 2–4 วัน (กรุงเทพฯ 1–2 วัน) / We ship within 1–2 business days; delivery takes 2–4 days.",
  },
  {
    title: "returns",
    language: "th",
    answer: "คืนสินค้าได้ภายใน 7 วันหลังได้รับ สินค้าต้องอยู่ในสภาพเดิม / Returns are accepted within 7 days of delivery, in original condition.",
  },
  { title: "payment", language: "th", answer: "รับชำระผ่าน PromptPay บัตรเครดิต และเก็บเงินปลายทาง / We accept PromptPay, credit cards and cash on delivery." },
]

export const DEFAULT_RULES: DefaultRule[] = [
  {
    name: "Opt out (STOP)",
    keywords: ["stop", "ยกเลิก", "unsubscribe", "หยุด"],
    match_mode: "exact",
    priority: 1,
    actions: [
      { type: "opt_out" },
      {
        type: "reply_text",
        text: "คุณได้ยกเลิกการรับข่าวสารทาง WhatsApp แล้ว ตอบ START เพื่อรับอีกครั้ง / You are unsubscribed from marketing messages. Reply START to opt back in.",
      },
    ],
  },
  {
    name: "Opt in (START)",
    keywords: ["start", "สมัคร"],
    match_mode: "exact",
    priority: 2,
    actions: [
      { type: "opt_in" },
      { type: "reply_text", text: "ยินดีต้อนรับกลับ! คุณจะได้รับข่าวสารและโปรโมชั่นทาง WhatsApp / Welcome back! You will receive our news and offers on WhatsApp." },
    ],
  },
  {
    name: "Discount code",
    keywords: ["ส่วนลด", "discount", "โค้ด", "coupon"],
    match_mode: "contains",
    priority: 10,
    payloads: ["YES"],
    actions: [
      { type: "issue_discount" },
      { type: "reply_text", text: "โค้ดส่วนลดของคุณคือ {{code}} ใช้ได้ถึง {{expires}} / Your discount code is {{code}}, valid until {{expires}}." },
    ],
  },
  {
    name: "Discount (YES)",
    keywords: ["yes"],
    match_mode: "exact",
    priority: 11,
    actions: [
      { type: "issue_discount" },
      { type: "reply_text", text: "โค้ดส่วนลดของคุณคือ {{code}} ใช้ได้ถึง {{expires}} / Your discount code is {{code}}, valid until {{expires}}." },
    ],
  },
  {
    name: "FAQ: shipping",
    keywords: ["ส่งกี่วัน", "จัดส่ง", "shipping", "delivery"],
    match_mode: "contains",
    priority: 20,
    actions: [{ type: "faq", faq_title: "shipping" }],
  },
  {
    name: "FAQ: returns",
    keywords: ["คืนสินค้า", "เปลี่ยนสินค้า", "return", "refund"],
    match_mode: "contains",
    priority: 21,
    actions: [{ type: "faq", faq_title: "returns" }],
  },
  {
    name: "FAQ: payment",
    keywords: ["ชำระเงิน", "จ่ายเงิน", "โอนเงิน", "payment", "pay"],
    match_mode: "contains",
    priority: 22,
    actions: [{ type: "faq", faq_title: "payment" }],
  },
  {
    name: "Talk to a person",
    keywords: ["แอดมิน", "พนักงาน", "agent", "human"],
    match_mode: "contains",
    priority: 30,
    actions: [{ type: "handover" }, { type: "reply_text", text: "รับทราบครับ ทีมงานจะติดต่อกลับโดยเร็ว / Got it — a team member will reply shortly." }],
  },
]

/** What a campaign's call-to-action reply answers when no rule of the merchant's matches it. */
export const CAMPAIGN_CODE_REPLY = "โค้ดส่วนลดของคุณคือ {{code}} ใช้ได้ถึง {{expires}} / Your discount code is {{code}}, valid until {{expires}}."

/** A value written once per language: the Thai and the English half of one reply differ (dates). */
export type Localized = { th: string; en: string }
export type ReplyVars = Record<string, string | Localized | undefined>

const THAI = /[\u0E00-\u0E7F]/

/**
 * Fills {{code}}, {{expires}}, {{first_name}} in a reply text. A localized value (the expiry date)
 * takes the language of the part of the text it stands in — parts are split at " / " and line
 * breaks, as the bilingual defaults are written, unless the caller names the language (a template's) — so "ใช้ได้ถึง 14 ธ.ค. 2569 / valid until
 * 14 Dec 2026" instead of a Buddhist-calendar date in the English half.
 */
export function fillReply(text: string, vars: ReplyVars, language?: string): string {
  const lang = language ? (language.toLowerCase().startsWith("th") ? "th" : "en") : null
  return text
    .split(/( \/ |\n)/)
    .map((part) =>
      part.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k) => {
        const v = vars[k]
        if (v == null) return m
        if (typeof v === "string") return v
        return (lang ?? (THAI.test(part) ? "th" : "en")) === "th" ? v.th : v.en
      })
    )
    .join("")
}

/** An expiry date in Thai (Buddhist calendar, as Thai customers read dates) and in English (Gregorian). */
export function localizedDate(at: Date, timeZone: string): Localized {
  return {
    th: at.toLocaleDateString("th-TH", { timeZone, dateStyle: "medium" }),
    en: at.toLocaleDateString("en-GB", { timeZone, dateStyle: "medium" }),
  }
}
