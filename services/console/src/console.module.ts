import { DynamicModule, Inject, Module, OnModuleDestroy, OnModuleInit, Provider } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { OpsController, READINESS_CHECKS, ReadinessCheck, ServiceMetrics } from '@bakuun/platform';
import type { ConsoleConfig } from './config';
import { CONSOLE_CONFIG, KEYS_CLIENT, REGISTRY_CLIENT, SESSION_STORE } from './console.di-tokens';
import { EndpointsController } from './endpoints/endpoints.controller';
import { KeysController } from './keys/keys.controller';
import { KeyManagementOperatorAuthenticator } from './session/key-management-operator-authenticator';
import { OPERATOR_AUTHENTICATOR } from './session/operator-authenticator.port';
import { SessionController } from './session/session.controller';
import { CsrfGuard, SignedInGuard } from './session/session.guards';
import { SessionService } from './session/session.service';
import { SessionStore } from './session/session.store';
import { KeysGateway } from './upstream/keys.gateway';
import { RegistryGateway } from './upstream/registry.gateway';
import { UpstreamClients } from './upstream/upstream-clients';
import { PageController } from './web/page.controller';

const SWEEP_INTERVAL_MS = 60_000;

/** Forgets expired sessions once a minute (lookups also refuse them, this only frees memory). */
class SessionSweeper implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;

  constructor(@Inject(SESSION_STORE) private readonly store: SessionStore) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.store.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

function infrastructure(config: ConsoleConfig): Provider[] {
  return [
    { provide: CONSOLE_CONFIG, useValue: config },
    { provide: ServiceMetrics, useValue: new ServiceMetrics('console') },
    { provide: UpstreamClients, useFactory: () => new UpstreamClients(config) },
    { provide: REGISTRY_CLIENT, inject: [UpstreamClients], useFactory: (clients: UpstreamClients) => clients.registry },
    { provide: KEYS_CLIENT, inject: [UpstreamClients], useFactory: (clients: UpstreamClients) => clients.keys },
    { provide: OPERATOR_AUTHENTICATOR, useClass: KeyManagementOperatorAuthenticator },
    {
      provide: SESSION_STORE,
      useFactory: () =>
        new SessionStore({
          idleMs: config.CONSOLE_SESSION_IDLE_MINUTES * 60_000,
          maxAgeMs: config.CONSOLE_SESSION_MAX_HOURS * 3_600_000,
          maxSessions: config.CONSOLE_MAX_SESSIONS,
          now: Date.now,
          randomBytes,
        }),
    },
    SessionSweeper,
    {
      provide: READINESS_CHECKS,
      inject: [RegistryGateway, KeysGateway],
      useFactory: (registry: RegistryGateway, keys: KeysGateway): ReadinessCheck[] => [
        { name: 'endpoint-registry', check: () => registry.ping() },
        { name: 'key-management', check: () => keys.ping() },
      ],
    },
  ];
}

/** The partner console: the page, its REST API, sessions; platform calls go to the registry and key management over gRPC. */
@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig, overrides: Provider[] = []): DynamicModule {
    return {
      module: ConsoleModule,
      controllers: [PageController, SessionController, EndpointsController, KeysController, OpsController],
      providers: [...infrastructure(config), SessionService, CsrfGuard, SignedInGuard, RegistryGateway, KeysGateway, ...overrides],
    };
  }
}
