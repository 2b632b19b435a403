import { Injectable } from '@nestjs/common';

/**
 * Tells this api process that a program's postback secret was rotated, so the caches that hold
 * the program (ProgramIntegrationAuth) drop the old secret at once. Other replicas learn it when
 * their cache entry expires (a few seconds).
 */
@Injectable()
export class PostbackSecretRotations {
  private readonly listeners: ((programId: string) => void)[] = [];

  onRotated(listener: (programId: string) => void): void {
    this.listeners.push(listener);
  }

  rotated(programId: string): void {
    for (const listener of this.listeners) listener(programId);
  }
}
