"""The columns of the product sheet: Vietnamese headers, other spellings, notes and examples."""

from .columns import Column
from .product_cells import STATUS_CHOICES

SHEET_NAME = "Sản phẩm"
UNIT_CHOICES = ("kg", "gói", "hộp", "chai", "hũ", "lọ", "túi", "bó", "quả", "con", "cái", "thùng")
NET_UNIT_EXAMPLES = ("500 g", "1 kg", "1,5 kg", "250 ml", "1 l", "10 quả")

COLUMNS = (
    Column("cooperative", "Hợp tác xã", ("HTX", "Mã HTX", "Tên HTX", "Tên hợp tác xã"),
           max_length=200, width=26,
           note="Mã ngắn (trong địa chỉ trang), mã số thuế hoặc tên đầy đủ của hợp tác xã. "
           "Thành viên HTX có thể bỏ trống.", example="htx-che-na-hang"),
    Column("code", "Mã sản phẩm", ("Mã SP", "Mã hàng hóa"), max_length=80,
           note="Không bắt buộc. Các dòng cùng mã (hoặc cùng tên, nếu bỏ trống mã) là các phân "
           "loại của một sản phẩm.", example="che-shan-tuyet"),
    Column("name", "Tên sản phẩm", ("Tên SP", "Sản phẩm", "Tên hàng"), required=True,
           max_length=200, width=32, note="Bắt buộc ở dòng đầu của sản phẩm.",
           example="Chè Shan Tuyết Na Hang"),
    Column("category", "Danh mục", ("Ngành hàng", "Nhóm hàng", "Loại sản phẩm"), width=26,
           note="Bắt buộc. Chọn trong danh sách (trang “Danh mục sản phẩm”), tiếng Việt hoặc "
           "tiếng Anh, có dấu hoặc không.", example="Chè"),
    Column("description", "Mô tả", ("Giới thiệu", "Mô tả sản phẩm"), max_length=5000,
           multiline=True, width=40, example="Chè búp cổ thụ hái tay, sao thủ công."),
    Column("unit", "Đơn vị bán", ("Đơn vị", "ĐVT", "Đơn vị tính"), max_length=20,
           choices=UNIT_CHOICES, note="Đơn vị bán cho người mua: kg, gói, hộp, chai…",
           example="gói"),
    Column("shelf_life_days", "Hạn sử dụng (ngày)", ("Hạn sử dụng", "HSD", "HSD (ngày)"),
           note="Số ngày kể từ ngày sản xuất, ví dụ 365.", example="365"),
    Column("storage_instructions", "Bảo quản", ("Hướng dẫn bảo quản", "Cách bảo quản"),
           max_length=2000, multiline=True, example="Nơi khô ráo, thoáng mát."),
    Column("usage_instructions", "Hướng dẫn sử dụng", ("HDSD", "Cách dùng", "Cách sử dụng"),
           max_length=2000, multiline=True, example="Pha 5 g chè với 200 ml nước 90 °C."),
    Column("ingredients", "Thành phần", ("Nguyên liệu",), max_length=2000, multiline=True,
           example="100% búp chè Shan tuyết."),
    Column("warnings", "Cảnh báo", ("Lưu ý", "Cảnh báo an toàn"), max_length=2000,
           multiline=True, example=""),
    Column("standard", "Tiêu chuẩn áp dụng", ("Tiêu chuẩn", "Số tiêu chuẩn", "TCCS"),
           max_length=80, note="TCVN, QCVN hoặc TCCS kèm số, ví dụ “TCVN 4850:2010”, "
           "“TCCS 01:2024/HTX”.", example="TCCS 01:2024/HTXCNH"),
    Column("gtin", "GTIN", ("Mã vạch", "Mã GTIN", "EAN", "Barcode", "Mã số mã vạch"),
           max_length=20, note="Mã số mã vạch (8, 12, 13 hoặc 14 chữ số), nếu có. Ghi dạng "
           "chữ để giữ số 0 đầu.", example="8930000000019"),
    Column("status", "Trạng thái", ("Tình trạng",), choices=STATUS_CHOICES,
           note="Nháp (mặc định) hoặc Đang bán.", example="Nháp"),
    Column("variant", "Phân loại", ("Tên phân loại", "Quy cách", "Biến thể"), max_length=120,
           note="Tên phân loại: cỡ gói, loại… Mỗi dòng là một phân loại.", example="Gói 200 g"),
    Column("sku", "SKU", ("Mã SKU", "Mã phân loại"), required=True, max_length=50,
           note="Bắt buộc. Mã riêng của phân loại trong hợp tác xã: chữ không dấu, số, - và _.",
           example="CST-200"),
    Column("price", "Giá (VND)", ("Giá", "Giá bán", "Giá bán (VND)", "Đơn giá"), required=True,
           note="Bắt buộc. Số đồng, ví dụ 120000 hoặc 120.000.", example="120000"),
    Column("compare_at", "Giá gốc", ("Giá gốc (VND)", "Giá niêm yết", "Giá trước giảm"),
           note="Giá trước khi giảm, không thấp hơn giá bán.", example="150000"),
    Column("stock", "Tồn kho", ("Số lượng", "Số lượng tồn", "Tồn"), example="40"),
    Column("net_quantity", "Định lượng", ("Khối lượng tịnh", "Trọng lượng tịnh", "Dung tích"),
           max_length=20, note="Số và đơn vị: " + ", ".join(NET_UNIT_EXAMPLES),
           example="200 g"),
    Column("package_weight_g", "Khối lượng đóng gói (g)", ("Khối lượng cả bao bì (g)",
           "Cân nặng (g)", "Khối lượng đóng gói"), note="Cả bao bì, tính bằng gam, để tính phí "
           "vận chuyển.", example="260"),
    Column("length_cm", "Dài (cm)", ("Chiều dài (cm)", "Dài"), example="20"),
    Column("width_cm", "Rộng (cm)", ("Chiều rộng (cm)", "Rộng"), example="12"),
    Column("height_cm", "Cao (cm)", ("Chiều cao (cm)", "Cao"), example="5"),
    Column("images", "Ảnh", ("Ảnh sản phẩm", "Link ảnh", "Hình ảnh", "URL ảnh"),
           max_length=10_000, multiline=True, width=40,
           note="Một hay nhiều đường link ảnh (http:// hoặc https://, JPEG, PNG, WebP), cách "
           "nhau bởi dấu cách hoặc xuống dòng; tối đa 9 ảnh một sản phẩm.",
           example="https://example.vn/anh/che-shan-tuyet.jpg"),
)  # fmt: skip

VARIANT_KEYS = (
    "variant", "sku", "price", "compare_at", "stock", "net_quantity", "package_weight_g",
    "length_cm", "width_cm", "height_cm",
)  # fmt: skip
PRODUCT_KEYS = tuple(c.key for c in COLUMNS if c.key not in VARIANT_KEYS)
