import { Inject, Injectable } from '@nestjs/common';
import type { MessageTemplate, MessageTemplateVersion, Prisma, PrismaClient } from '@partnerflow/db';
import { newId, type MessageTemplateContent } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';
import type { OperatorAction } from '../programs/programs.repository';

export interface TemplateRef {
  programId: string;
  key: string;
  locale: string;
}

/** The only path to Prisma for message templates and their versions. */
@Injectable()
export class TemplatesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findTemplate({ programId, key, locale }: TemplateRef): Promise<MessageTemplate | null> {
    return this.prisma.messageTemplate.findUnique({ where: { programId_key_locale: { programId, key, locale } } });
  }

  /** The latest version, or the one numbered. */
  findVersion(templateId: string, version?: number): Promise<MessageTemplateVersion | null> {
    return this.prisma.messageTemplateVersion.findFirst({ where: { templateId, ...(version ? { version } : {}) }, orderBy: { version: 'desc' } });
  }

  /** Newest first; `belowVersion` continues a page. */
  listVersions(templateId: string, limit: number, belowVersion?: number): Promise<MessageTemplateVersion[]> {
    return this.prisma.messageTemplateVersion.findMany({
      where: { templateId, ...(belowVersion ? { version: { lt: belowVersion } } : {}) },
      orderBy: { version: 'desc' },
      take: limit + 1,
    });
  }

  async listTemplates(programId: string) {
    const templates = await this.prisma.messageTemplate.findMany({
      where: { programId },
      orderBy: [{ key: 'asc' }, { locale: 'asc' }],
      include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
    });
    return templates.filter((template) => template.versions.length > 0);
  }

  /**
   * Appends the next version (the template row is created on the first save), with its audit
   * entry. The template row is locked first, so concurrent saves get consecutive numbers.
   */
  async saveVersion(ref: TemplateRef, content: MessageTemplateContent, action: OperatorAction): Promise<{ template: MessageTemplate; version: MessageTemplateVersion }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.messageTemplate.createMany({ data: [{ id: newId('messageTemplate'), ...ref }], skipDuplicates: true });
      const [{ id: templateId }] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM message_templates WHERE program_id = ${ref.programId} AND key = ${ref.key} AND locale = ${ref.locale} FOR UPDATE`;
      const latest = await tx.messageTemplateVersion.aggregate({ where: { templateId }, _max: { version: true } });
      const version = await tx.messageTemplateVersion.create({
        data: {
          id: newId('messageTemplateVersion'),
          templateId,
          version: (latest._max.version ?? 0) + 1,
          subject: content.subject,
          format: content.format,
          body: content.body,
          variables: content.variables as Prisma.InputJsonObject,
          createdBy: action.operatorKeyId,
        },
      });
      await tx.auditEntry.create({
        data: {
          id: newId('audit'),
          actorType: 'operator',
          actorId: action.operatorKeyId,
          action: 'template.version_created',
          targetType: 'message_template',
          targetId: templateId,
          after: { ...ref, version: version.version },
          requestId: action.requestId,
        },
      });
      return { template: await tx.messageTemplate.findUniqueOrThrow({ where: { id: templateId } }), version };
    });
  }
}
