// The audit log: who changed or viewed what. Details hold ids and counts,
// never notes or answers.
import type { Prisma } from "./database.js";

export class AuditLog {
  constructor(private readonly prisma: Prisma) {}

  async record(
    actorId: string | null,
    action: string,
    subject: string,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    await this.prisma.auditEvent.create({ data: { actorId, action, subject, detail: JSON.stringify(detail) } });
  }
}
