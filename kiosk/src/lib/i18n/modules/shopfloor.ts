/** The shopfloor screens' messages: English is the reference; Russian must have the same keys and {placeholders}. */
export const shopfloorEn = {} as const satisfies Record<string, string>;

export const shopfloorRu: Record<keyof typeof shopfloorEn, string> = {};
