// The guest sign-in form both pages show when there is no valid token.
import { notify } from './render.js';

/** Shows the form in `section` and resolves with the user once the server has signed them in. */
export function signIn(api, section) {
  const form = section.querySelector('form');
  section.hidden = false;
  return new Promise((resolve) => {
    const submit = async (event) => {
      event.preventDefault();
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      try {
        const displayName = form.elements.displayName.value.trim();
        const avatarUrl = form.elements.avatarUrl.value.trim();
        const user = await api.signInAsGuest(displayName, avatarUrl);
        form.removeEventListener('submit', submit);
        section.hidden = true;
        resolve(user);
      } catch (error) {
        notify(error.message);
      } finally {
        button.disabled = false;
      }
    };
    form.addEventListener('submit', submit);
    form.elements.displayName.focus();
  });
}
