import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { styleProps, type StyleProps } from './style-props.js';

describe('styleProps', () => {
  it('sets, updates and removes properties through the CSSOM, custom properties and camelCase names included', () => {
    const host = document.createElement('div');
    const draw = (props: StyleProps) => render(html`<p style=${styleProps(props)}></p>`, host);
    draw({ width: '10px', '--_rows': 2, backgroundColor: 'red' });
    const p = host.querySelector('p')!;
    expect(p.style.width).to.equal('10px');
    expect(p.style.getPropertyValue('--_rows')).to.equal('2');
    expect(p.style.backgroundColor).to.equal('red');
    draw({ width: '20px', '--_rows': null });
    expect(p.style.width).to.equal('20px');
    expect(p.style.getPropertyValue('--_rows')).to.equal('');
    expect(p.style.backgroundColor, 'a property left out is removed').to.equal('');
  });

  it('refuses any place but the only binding of a style attribute', () => {
    const host = document.createElement('div');
    expect(() => render(html`<p title=${styleProps({ width: '1px' })}></p>`, host)).to.throw(/style attribute/);
  });
});
