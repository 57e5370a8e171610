import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import type { Rule } from './rule.js';
import { reportAt } from './report-at.js';

/** A release's romtype is a channel of gitota.yaml: the channel carries its approval policy, and an unknown one would bypass it. */
export const releaseChannel: Rule = {
  name: 'release-channel',
  description: 'A release romtype is one of the channels gitota.yaml defines.',
  check(ctx) {
    const channels = Object.keys(ctx.content.config.channels).sort(compareStrings);
    const out: Diagnostic[] = [];
    for (const release of ctx.content.releases) {
      if (Object.hasOwn(ctx.content.config.channels, release.romtype)) continue;
      const lower = channels.find((c) => c === release.romtype.toLowerCase());
      out.push(
        reportAt(ctx, {
          code: 'GITOTA112',
          file: release.file,
          pointer: '/romtype',
          message: `romtype "${release.romtype}" is not a channel of ${ctx.content.config.file}`,
          hint: lower
            ? `romtypes are lower case: use "${lower}"`
            : channels.length > 0
              ? `channels are: ${channels.join(', ')}; add "${release.romtype}" under channels: in ${ctx.content.config.file} to create it`
              : `add "${release.romtype}" under channels: in ${ctx.content.config.file}`,
        }),
      );
    }
    return out;
  },
};
