import type {
  AutomationRuleDto,
  CampaignDto,
  CampaignRecipientDto,
  ChannelStatusDto,
  DeliveryLogEntryDto,
  MessageChannelDto,
  MessageKindDto,
  MessageTemplateDto,
  OutboxMessageDto,
  TemplatePreviewDto,
} from '$contracts/notifications.ts';
import type { ApiClient, Query } from './client.ts';

/** The notifications routes (`/api/notifications`), typed by server/src/contracts/notifications.ts. */

export interface OutboxFilters extends Query {
  status?: string;
  channel?: string;
  kind?: string;
  customerId?: string;
  q?: string;
  offset: number;
  limit: number;
}

export interface OutboxPage {
  items: OutboxMessageDto[];
  total: number;
  offset: number;
  limit: number;
}

export interface PreviewInput {
  kind: string;
  channel: MessageChannelDto;
  locale: 'en' | 'ru';
  subject?: string | null;
  body: string;
}

export interface RecipientsInput {
  source: string;
  sourceParams: Record<string, unknown>;
  channel: MessageChannelDto;
}

export interface RecipientsPreview {
  total: number;
  eligible: number;
  recipients: Array<CampaignRecipientDto & { messageStatus?: string | null }>;
}

export interface CreateCampaignInput extends RecipientsInput {
  name: string;
  texts: Partial<Record<'en' | 'ru', { subject?: string | null; body: string }>>;
}

const id = (value: string) => encodeURIComponent(value);

export function notificationsApi(client: ApiClient) {
  const base = '/api/notifications';
  return {
    kinds: () => client.get<MessageKindDto[]>(`${base}/kinds`),
    templates: (filters: Query = {}) => client.get<MessageTemplateDto[]>(`${base}/templates`, filters),
    updateTemplate: (templateId: string, input: { subject?: string | null; body?: string }) =>
      client.put<MessageTemplateDto>(`${base}/templates/${id(templateId)}`, input),
    preview: (input: PreviewInput) => client.post<TemplatePreviewDto>(`${base}/templates/preview`, input),
    outbox: (filters: OutboxFilters) => client.get<OutboxPage>(`${base}/outbox`, filters),
    message: (messageId: string) => client.get<OutboxMessageDto>(`${base}/outbox/${id(messageId)}`),
    resend: (messageId: string) => client.post<OutboxMessageDto>(`${base}/outbox/${id(messageId)}/resend`),
    rules: () => client.get<AutomationRuleDto[]>(`${base}/rules`),
    setRuleEnabled: (ruleId: string, enabled: boolean) =>
      client.patch<AutomationRuleDto>(`${base}/rules/${id(ruleId)}`, { enabled }),
    campaigns: (page: { offset: number; limit: number }) =>
      client.get<CampaignDto[]>(`${base}/campaigns`, page),
    previewRecipients: (input: RecipientsInput) =>
      client.post<RecipientsPreview>(`${base}/campaigns/preview`, input),
    campaignRecipients: (campaignId: string) =>
      client.get<RecipientsPreview>(`${base}/campaigns/${id(campaignId)}/recipients`),
    createCampaign: (input: CreateCampaignInput) => client.post<CampaignDto>(`${base}/campaigns`, input),
    launchCampaign: (campaignId: string) =>
      client.post<CampaignDto>(`${base}/campaigns/${id(campaignId)}/launch`),
    channels: () => client.get<ChannelStatusDto[]>(`${base}/channels`),
    /** Everything said (or not said) to one customer, newest first (at most 200 entries). */
    customerLog: (customerId: string) =>
      client.get<DeliveryLogEntryDto[]>(`${base}/customers/${id(customerId)}/log`),
    /** An opt-out recorded by the advisor; `purpose: null` withdraws both service and marketing. */
    optOut: (
      customerId: string,
      input: { channel: MessageChannelDto; purpose: 'service' | 'marketing' | null; note?: string | null },
    ) => client.post<DeliveryLogEntryDto[]>(`${base}/customers/${id(customerId)}/opt-out`, input),
  };
}

export type NotificationsApi = ReturnType<typeof notificationsApi>;
