/** The crm screens' messages: English is the reference; Russian must have the same keys and {placeholders}. */
export const crmEn = {} as const satisfies Record<string, string>;

export const crmRu: Record<keyof typeof crmEn, string> = {};
