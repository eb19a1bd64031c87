// Print prints the document itself where the browser can, instead of
// opening it in a new tab (what the link does without JavaScript).
document.getElementById("print").addEventListener("click", function (e) {
  e.preventDefault();
  var frame = document.getElementById("pdf");
  try {
    frame.contentWindow.focus();
    frame.contentWindow.print();
  } catch (err) {
    window.print();
  }
});
