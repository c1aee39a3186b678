import { describe, expect, it } from 'vitest';
import { featureCodeTarget } from '../../../../../renderer/features/monitoring/featureCode';

describe('PBX feature-code monitoring target', () => {
  it('puts the code before the extension, on the agent domain', () => {
    expect(featureCodeTarget('sip:1001@pbx.center.example', '*222')).toBe(
      'sip:*2221001@pbx.center.example',
    );
    expect(featureCodeTarget('sips:2002@10.0.0.5:5061', '*223')).toBe(
      'sips:*2232002@10.0.0.5:5061',
    );
  });

  it("escapes '#' and refuses what is not a SIP address or a feature code", () => {
    expect(featureCodeTarget('sip:1001@pbx', '#61')).toBe('sip:%23611001@pbx');
    expect(featureCodeTarget('tel:1001', '*222')).toBeNull();
    expect(featureCodeTarget('sip:1001@pbx', '*22a')).toBeNull();
  });
});
