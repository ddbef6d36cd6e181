// The sheet WhatsApp opens from a list message's button: its rows, one tap picks one (again if wanted).

/** Opens the chat's sheet over its lower part with `content`'s rows; `pick(id)` sends the tap. */
export function openList(chat, content, opener, pick) {
  const sheet = chat.querySelector('.sheet');
  const title = sheet.querySelector('h3');
  title.id ||= `sheet-title-${chat.dataset.number.replace(/\D/g, '')}`;
  title.textContent = content.button;
  sheet.setAttribute('aria-labelledby', title.id);
  const list = sheet.querySelector('ul');
  list.replaceChildren();
  for (const row of content.items) {
    const button = Object.assign(document.createElement('button'), { type: 'button' });
    button.append(Object.assign(document.createElement('span'), { textContent: row.item }));
    if (row.description)
      button.append(Object.assign(document.createElement('small'), { textContent: row.description }));
    button.addEventListener('click', () => {
      sheet.close();
      pick(row.id);
    });
    const item = document.createElement('li');
    item.append(button);
    list.append(item);
  }
  sheet.querySelector('.dismiss').onclick = () => sheet.close();
  sheet.onclose = () => opener.focus();
  // A modal in the top layer, placed over the bottom of its chat as WhatsApp's sheet is.
  const box = chat.getBoundingClientRect();
  Object.assign(sheet.style, {
    left: `${box.left}px`,
    width: `${box.width}px`,
    bottom: `${window.innerHeight - box.bottom}px`,
    maxHeight: `${Math.round(box.height * 0.75)}px`,
  });
  sheet.showModal();
  list.querySelector('button')?.focus();
}
