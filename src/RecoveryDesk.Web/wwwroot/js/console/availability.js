// My availability in the console's top bar: what the desk may offer me, and who covers my cases while
// I am away or off shift. A supervisor may change it from the board; the StaffEvent brings that here.

import { $, replace } from '../dom.js';
import { announce } from '../shell.js';
import { availabilityForm, availabilityWords, applyAvailability } from '../availability.js';

export function availabilityRegion(person, directory) {
  const box = $('#availability');
  const summary = $('#availability-state');
  const body = $('#availability-form');
  const me = () => directory.agents.find((a) => a.id === person.id) ?? { id: person.id, name: person.name, availability: 'Available' };

  function draw() {
    summary.textContent = availabilityWords(me());
    box.dataset.state = me().availability ?? 'Available';
    replace(body, availabilityForm('my-availability', me(), directory, {
      self: true,
      onSaved: (saved) => {
        applyAvailability(directory, saved);
        box.open = false;
        draw();
        announce(`You are ${availabilityWords(me()).toLowerCase()} now.`, 'ok');
      },
    }));
  }

  box.hidden = false;
  draw();
  return {
    /** A StaffEvent: someone's availability changed; mine redraws the control. */
    apply(update) {
      applyAvailability(directory, update);
      if (update.staffId === person.id && !box.open) draw();
      else if (update.staffId === person.id) summary.textContent = availabilityWords(me());
    },
  };
}

