import { isSupportedCountry, parsePhoneNumberWithError, ParseError, validatePhoneNumberLength, type CountryCode } from "libphonenumber-js/max"

export type { CountryCode }

export interface NormalizedPhone {
  /** E.164 digits without "+": the `to` of a Cloud API send and the shape of webhook `wa_id`s. */
  wa_id: string
  e164: string
  /** ISO 3166 alpha-2; absent for non-geographic numbers (+800 …). */
  country?: string
}

export type InvalidPhoneReason = "EMPTY" | "NOT_A_NUMBER" | "NO_COUNTRY" | "TOO_SHORT" | "TOO_LONG" | "INVALID_LENGTH" | "HAS_EXTENSION" | "INVALID"

export class InvalidPhoneNumberError extends Error {
  readonly name = "InvalidPhoneNumberError"

  constructor(
    readonly input: string,
    readonly reason: InvalidPhoneReason,
    detail: string
  ) {
    super(`Invalid phone number "${input}": ${detail}`)
  }
}

export function isSupportedRegion(region: string): region is CountryCode {
  return isSupportedCountry(region)
}

/**
 * With a region, accepts national ("081-234-5678") and international forms, including the
 * region's country code typed without "+" ("66812345678"): libphonenumber strips the code only when
 * the rest is a valid national number and the whole is not, so "661234567" stays a national 06x.
 * Without a region, bare digits are read as international (wa_id form, as in webhooks).
 * Digits carrying another country's code without "+" are rejected, never guessed: a wrong guess
 * messages a stranger.
 */
export function normalizePhone(input: string, defaultRegion?: CountryCode): NormalizedPhone {
  if (defaultRegion !== undefined && !isSupportedRegion(defaultRegion)) {
    // A configuration bug, not bad input: not an InvalidPhoneNumberError, so tryNormalizePhone surfaces it.
    throw new Error(`normalizePhone: unsupported default region "${defaultRegion}"`)
  }
  // Thai digits (๐–๙) are not understood by libphonenumber; Thai shoppers do type them.
  const text = String(input ?? "")
    .trim()
    .replace(/[\u0E50-\u0E59]/g, (digit) => String(digit.charCodeAt(0) - 0x0e50))
  if (!text) {
    throw new InvalidPhoneNumberError(String(input ?? ""), "EMPTY", "empty")
  }
  const candidate = defaultRegion || text.startsWith("+") ? text : `+${text}`

  let phone
  try {
    phone = parsePhoneNumberWithError(candidate, defaultRegion)
  } catch (error) {
    if (error instanceof ParseError) {
      throw parseFailure(input, error.message, defaultRegion)
    }
    throw error
  }

  if (phone.ext) {
    throw new InvalidPhoneNumberError(input, "HAS_EXTENSION", "has an extension, which WhatsApp cannot dial")
  }
  if (!phone.isValid()) {
    const where = phone.country ? `region ${phone.country}` : `country code +${phone.countryCallingCode}`
    const lengthProblem = validatePhoneNumberLength(candidate, defaultRegion)
    if (lengthProblem) {
      throw parseFailure(input, lengthProblem, defaultRegion, where)
    }
    throw new InvalidPhoneNumberError(input, "INVALID", `not a valid number for ${where}`)
  }

  const e164 = phone.number
  return { wa_id: e164.slice(1), e164, ...(phone.country ? { country: phone.country } : {}) }
}

export function tryNormalizePhone(input: string, defaultRegion?: CountryCode): NormalizedPhone | null {
  try {
    return normalizePhone(input, defaultRegion)
  } catch (error) {
    if (error instanceof InvalidPhoneNumberError) {
      return null
    }
    throw error
  }
}

function parseFailure(input: string, code: string, region: CountryCode | undefined, where?: string): InvalidPhoneNumberError {
  const forWhere = where ? ` for ${where}` : ""
  switch (code) {
    case "INVALID_COUNTRY":
      return new InvalidPhoneNumberError(input, "NO_COUNTRY", region ? "unknown country calling code" : "no country calling code (write it with +, e.g. +66…)")
    case "TOO_SHORT":
      return new InvalidPhoneNumberError(input, "TOO_SHORT", `too short${forWhere}`)
    case "TOO_LONG":
      return new InvalidPhoneNumberError(input, "TOO_LONG", `too long${forWhere}`)
    case "INVALID_LENGTH":
      return new InvalidPhoneNumberError(input, "INVALID_LENGTH", `wrong length${forWhere}`)
    default:
      return new InvalidPhoneNumberError(input, "NOT_A_NUMBER", "not a phone number")
  }
}

/**
 * The spellings a store may have saved for this number (customers type phones freely), used to
 * find the customer behind a wa_id without scanning every customer.
 */
export function phoneSpellings(wa_id: string): string[] {
  const out = new Set<string>([wa_id, `+${wa_id}`])
  try {
    const p = parsePhoneNumberWithError(`+${wa_id}`)
    const national = p.formatNational()
    out.add(p.number)
    out.add(p.formatInternational())
    out.add(national)
    out.add(national.replace(/\s/g, ""))
    out.add(national.replace(/\s/g, "-"))
    out.add(p.formatInternational().replace(/\s/g, "-"))
    out.add(`0${p.nationalNumber}`)
    out.add(String(p.nationalNumber))
  } catch {
    // Not parseable: the raw forms above are all we can try.
  }
  return [...out]
}
