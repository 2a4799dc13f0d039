// The demo shop's variant pickers: the chosen variant is the one its widget offers.
for (const radio of document.querySelectorAll("input[data-widget]")) {
  radio.addEventListener("change", () => {
    document.getElementById(radio.dataset.widget).setAttribute("variant-id", radio.value);
  });
}
