/** Editing or deleting a campaign that is past draft/scheduled (the API answers 409). */
export class CampaignNotEditableError extends Error {
  constructor(
    readonly id: string,
    readonly status: string,
    verb: string
  ) {
    super(`Campaign ${id} is ${status}; only a draft${verb === "edited" ? " or scheduled campaign" : ""} can be ${verb}`)
  }
}
