// Behaviour that would otherwise be inline handlers, which the Content-Security-Policy forbids.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
